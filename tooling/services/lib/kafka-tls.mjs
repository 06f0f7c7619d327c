// A throwaway CA, a broker certificate and a client certificate, made with keytool on every start.
// Node's tls trusts the CA through ca.pem; the broker uses a PKCS12 keystore and ca.pem as truststore.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from './prereqs.mjs';
import { run } from './run.mjs';

export const TLS_PASSWORD = 'logflush-test-tls';
const VALIDITY_DAYS = '30';
// keytool is a JVM per call: these flags cut each call from ~1 s to ~0.4 s.
const FAST_JVM = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', '-J-Xmx64m'];

const keytool = (...args) => run('keytool', [...FAST_JVM, ...args], { timeoutMs: 60_000 });

function store(file) {
  return ['-keystore', file, '-storetype', 'PKCS12', '-storepass', TLS_PASSWORD];
}

/** Where makeTls(dir) puts its files. */
export function tlsPaths(dir) {
  return {
    caStore: join(dir, 'ca.p12'),
    caPem: join(dir, 'ca.pem'),
    brokerStore: join(dir, 'broker.p12'),
    clientStore: join(dir, 'client.p12'),
    clientCertPem: join(dir, 'client.pem'),
    clientKeyPem: join(dir, 'client-key.pem'),
  };
}

// EC keys: generation is instant, so each call costs only its JVM start.
async function keyPairAndRequest(file, alias, dname, csr) {
  await keytool(
    '-genkeypair',
    '-alias',
    alias,
    '-keyalg',
    'EC',
    '-groupname',
    'secp256r1',
    '-dname',
    dname,
    '-validity',
    VALIDITY_DAYS,
    ...store(file),
  );
  await keytool('-certreq', '-alias', alias, '-file', csr, ...store(file));
}

/** Sign `csr` with the CA and install the chain (leaf + CA) as the key's certificate. */
async function signAndInstall(f, file, alias, csr, leafPem, ext) {
  await keytool(
    '-gencert',
    '-alias',
    'ca',
    '-infile',
    csr,
    '-outfile',
    leafPem,
    '-rfc',
    '-validity',
    VALIDITY_DAYS,
    ...ext,
    ...store(f.caStore),
  );
  const chain = `${leafPem}.chain`;
  writeFileSync(chain, readFileSync(leafPem, 'utf8') + readFileSync(f.caPem, 'utf8'));
  // -noprompt installs a reply whose root is not in the keystore, which is what we want here.
  await keytool('-importcert', '-noprompt', '-alias', alias, '-file', chain, ...store(file));
}

export async function makeTls(dir) {
  requireTool('keytool');
  mkdirSync(dir, { recursive: true });
  const f = tlsPaths(dir);
  const brokerCsr = join(dir, 'broker.csr');
  const clientCsr = join(dir, 'client.csr');

  await Promise.all([
    (async () => {
      await keytool(
        '-genkeypair',
        '-alias',
        'ca',
        '-keyalg',
        'EC',
        '-groupname',
        'secp256r1',
        '-dname',
        'CN=logflush-test-ca',
        '-validity',
        VALIDITY_DAYS,
        '-ext',
        'bc:c',
        '-ext',
        'KU=keyCertSign,cRLSign',
        ...store(f.caStore),
      );
      await keytool('-exportcert', '-rfc', '-alias', 'ca', '-file', f.caPem, ...store(f.caStore));
    })(),
    keyPairAndRequest(f.brokerStore, 'broker', 'CN=localhost', brokerCsr),
    keyPairAndRequest(f.clientStore, 'client', 'CN=logflush-test-client', clientCsr),
  ]);

  await Promise.all([
    signAndInstall(f, f.brokerStore, 'broker', brokerCsr, join(dir, 'broker.pem'), [
      '-ext',
      'SAN=dns:localhost,ip:127.0.0.1',
      '-ext',
      'EKU=serverAuth',
      '-ext',
      'KU=digitalSignature',
    ]),
    signAndInstall(f, f.clientStore, 'client', clientCsr, f.clientCertPem, [
      '-ext',
      'EKU=clientAuth',
      '-ext',
      'KU=digitalSignature',
    ]),
  ]);

  // keytool cannot export a private key; openssl, when installed, turns the client PKCS12 into PEM.
  const out = spawnSync(
    'openssl',
    ['pkcs12', '-in', f.clientStore, '-passin', `pass:${TLS_PASSWORD}`, '-nodes', '-nocerts'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const key =
    out.status === 0
      ? /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(out.stdout)
      : null;
  if (key) writeFileSync(f.clientKeyPem, key[0], { mode: 0o600 });

  return {
    ...f,
    clientKeyPem: key ? f.clientKeyPem : undefined,
    caPemText: readFileSync(f.caPem, 'utf8'),
  };
}
