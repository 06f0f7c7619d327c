declare module 'kafkajs-snappy' {
  /** kafkajs's Snappy codec factory (xerial framing on read, raw Snappy on write). */
  const SnappyCodec: () => {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  };
  export default SnappyCodec;
}
