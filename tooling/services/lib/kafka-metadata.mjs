// A minimal Kafka Metadata request (v4, non-flexible) over a raw socket: the broker is ready
// when it answers with itself in the broker list (a fenced broker is not listed).
import net from 'node:net';

const METADATA = 3;
const VERSION = 4; // v0-v3 were removed in Kafka 4.0; v4 is the oldest still served

function encodeRequest(correlationId) {
  const clientId = Buffer.from('logflush-services');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let o = 0;
  o = body.writeInt16BE(METADATA, o);
  o = body.writeInt16BE(VERSION, o);
  o = body.writeInt32BE(correlationId, o);
  o = body.writeInt16BE(clientId.length, o);
  o += clientId.copy(body, o);
  o = body.writeInt32BE(0, o); // topics: empty array = no topic metadata
  body.writeInt8(0, o); // allow_auto_topic_creation
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function decodeBrokers(frame, correlationId) {
  let o = 0;
  if (frame.readInt32BE(o) !== correlationId) throw new Error('correlation id mismatch');
  o += 4 + 4; // correlation id, throttle_time_ms
  const count = frame.readInt32BE(o);
  o += 4;
  const brokers = [];
  for (let i = 0; i < count; i++) {
    const nodeId = frame.readInt32BE(o);
    o += 4;
    const hostLen = frame.readInt16BE(o);
    o += 2;
    const host = frame.toString('utf8', o, o + hostLen);
    o += hostLen;
    const port = frame.readInt32BE(o);
    o += 4;
    const rackLen = frame.readInt16BE(o);
    o += 2;
    if (rackLen > 0) o += rackLen;
    brokers.push({ nodeId, host, port });
  }
  return brokers;
}

/** Resolves to the broker list from a Metadata response, or rejects within `timeoutMs`. */
export function fetchBrokers(host, port, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const correlationId = 1 + Math.floor(Math.random() * 1e6);
    const socket = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    const finish = (err, value) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error('metadata request timed out')));
    socket.once('error', (err) => finish(err));
    socket.once('connect', () => socket.write(encodeRequest(correlationId)));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const size = buf.readInt32BE(0);
      if (buf.length < 4 + size) return;
      try {
        finish(null, decodeBrokers(buf.subarray(4, 4 + size), correlationId));
      } catch (err) {
        finish(err);
      }
    });
    socket.once('end', () => finish(new Error('connection closed before a metadata response')));
  });
}
