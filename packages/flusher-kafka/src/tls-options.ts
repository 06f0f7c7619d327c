import fs from 'node:fs';
import type { ConnectionOptions, SecureVersion } from 'node:tls';
import type { FlusherKafkaConfig } from './config.js';

type TlsConfig = NonNullable<FlusherKafkaConfig['Authentication']['TLS']>;

const versions: Readonly<Record<string, SecureVersion>> = {
  '1.0': 'TLSv1',
  '1.1': 'TLSv1.1',
  '1.2': 'TLSv1.2',
  '1.3': 'TLSv1.3',
};

function readPem(option: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`Authentication.TLS.${option}: cannot read ${JSON.stringify(file)} (${code})`, {
      cause: error,
    });
  }
}

/** Node TLS options for kafkajs's `ssl`, or undefined when TLS is off. Reads the PEM files now. */
export function tlsOptions(tls: TlsConfig | undefined): ConnectionOptions | undefined {
  if (tls === undefined || !tls.Enabled) return undefined;
  const options: ConnectionOptions = {
    rejectUnauthorized: !tls.InsecureSkipVerify,
    minVersion: versions[tls.MinVersion],
  };
  if (tls.MaxVersion !== undefined) options.maxVersion = versions[tls.MaxVersion];
  if (tls.CAFile !== '') options.ca = readPem('CAFile', tls.CAFile);
  if (tls.CertFile !== '') options.cert = readPem('CertFile', tls.CertFile);
  if (tls.KeyFile !== '') options.key = readPem('KeyFile', tls.KeyFile);
  if (tls.KeyPassword !== '') options.passphrase = tls.KeyPassword;
  return options;
}
