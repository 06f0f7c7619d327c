// Shapes of the connection info that kafka.mjs / s3.mjs return and the vitest setups provide.

export interface KafkaSaslUser {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

export interface KafkaInfo {
  version: string;
  clusterId: string;
  /** host:port lists per listener; all on 127.0.0.1 */
  brokers: { plaintext: string[]; sasl: string[]; ssl: string[] };
  /** users of the SASL_PLAINTEXT listener, one per mechanism */
  sasl: { plain: KafkaSaslUser; scramSha256: KafkaSaslUser; scramSha512: KafkaSaslUser };
  ssl: {
    /** PEM file of the throwaway CA that signed the broker certificate (SAN: localhost, 127.0.0.1) */
    caFile: string;
    /** the same CA certificate, PEM text */
    ca: string;
    /** client certificate signed by the CA, for mTLS (the SSL listener requests but does not require one) */
    clientCertFile: string;
    /** its private key, PEM (PKCS#8); absent when openssl was not installed at start */
    clientKeyFile?: string;
    /** the client key and certificate chain as PKCS#12 (Node tls `pfx`), protected by `passphrase` */
    clientPfxFile: string;
    passphrase: string;
  };
  numPartitions: number;
  logFile: string;
}

export interface S3Info {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** created at start; more buckets can be created freely */
  bucket: string;
  /** always true: the server has no virtual-host addressing */
  forcePathStyle: true;
  /** where the filesystem backend keeps the objects: <dataDir>/<bucket>/<key> */
  dataDir: string;
  logFile: string;
}

/** What `kafkaStatus()` / `s3Status()` (and `services status`) report; does not probe. */
export interface ServiceStatus<Info> {
  name: string;
  running: boolean;
  pid?: number;
  /** who started it: 'cli' (`services up`) or 'test' (a vitest setup) */
  owner?: 'cli' | 'test';
  startedAt?: string;
  /** pids of the live test runs holding a lease */
  leases: number[];
  info?: Info;
  logFile: string;
}

export interface RestartOptions {
  /** how long to leave the service down before `whileDown` runs and it starts again (default 0) */
  downMs?: number;
  /**
   * runs once the service process has exited (after `downMs`), before it starts again; the
   * service is started again even when it rejects, and then the restart rejects with its error
   */
  whileDown?: () => unknown;
}

export interface StartOptions {
  /** 'cli' (default): only `down` stops it; 'test': stopped when the last test run holding a lease releases it */
  owner?: 'cli' | 'test';
  /** take a lease for this process (the vitest setups do) */
  lease?: boolean;
}
