// S3Proxy with its filesystem backend: a real S3 API (SigV2/SigV4 auth, multipart uploads)
// on 127.0.0.1, run from Maven Central jars. Objects live under .services/s3/data/.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  HOST,
  S3_ACCESS_KEY_ID,
  S3_BUCKET,
  S3_HEAP,
  S3_PORT,
  S3_READY_TIMEOUT_MS,
  S3_REGION,
  S3_SECRET_ACCESS_KEY,
} from './config.mjs';
import { resolveClasspath } from './lib/classpath.mjs';
import { SERVICES_SRC } from './lib/paths.mjs';
import { requireTool } from './lib/prereqs.mjs';
import { httpAnswers } from './lib/probe.mjs';
import {
  readInfo,
  releaseService,
  restartService,
  serviceStatus,
  startService,
  stopService,
} from './lib/service.mjs';

const POM = join(SERVICES_SRC, 's3', 'pom.xml');
const LOGBACK = join(SERVICES_SRC, 's3', 'logback.xml');
const ENDPOINT = `http://${HOST}:${S3_PORT}`;

function properties(dataDir) {
  const props = {
    's3proxy.endpoint': ENDPOINT,
    's3proxy.authorization': 'aws-v2-or-v4',
    's3proxy.identity': S3_ACCESS_KEY_ID,
    's3proxy.credential': S3_SECRET_ACCESS_KEY,
    // 'filesystem' is deprecated in S3Proxy 2.6 in favour of this NIO.2 store; buckets are still directories.
    'jclouds.provider': 'filesystem-nio2',
    'jclouds.filesystem.basedir': dataDir,
    // Required by S3Proxy's start-up check though the local store ignores them.
    'jclouds.identity': 'local',
    'jclouds.credential': 'local',
  };
  return (
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

const definition = {
  name: 's3',
  ports: [S3_PORT],
  readyTimeoutMs: S3_READY_TIMEOUT_MS,

  async prepare(dirs) {
    requireTool('java');
    const classpath = await resolveClasspath('s3proxy', POM);
    const dataDir = join(dirs.run, 'data');
    // With the filesystem backend a bucket is a directory under the base dir.
    mkdirSync(join(dataDir, S3_BUCKET), { recursive: true });
    const propsFile = join(dirs.run, 's3proxy.properties');
    writeFileSync(propsFile, properties(dataDir));
    return {
      cmd: 'java',
      args: [
        S3_HEAP,
        '-XX:+UseSerialGC',
        '-Djava.awt.headless=true',
        `-Dlogback.configurationFile=${LOGBACK}`,
        '-cp',
        classpath,
        'org.gaul.s3proxy.Main',
        '--properties',
        propsFile,
      ],
      info: {
        endpoint: ENDPOINT,
        region: S3_REGION,
        accessKeyId: S3_ACCESS_KEY_ID,
        secretAccessKey: S3_SECRET_ACCESS_KEY,
        bucket: S3_BUCKET,
        forcePathStyle: true,
        dataDir,
        logFile: dirs.logFile,
      },
    };
  },

  probe: (info) => httpAnswers(`${info.endpoint}/`),
};

/** Environment variables a test process reads (LOGFLUSH_S3_INFO holds the whole info object). */
export function s3Env(info) {
  return {
    LOGFLUSH_S3_ENDPOINT: info.endpoint,
    LOGFLUSH_S3_REGION: info.region,
    LOGFLUSH_S3_ACCESS_KEY_ID: info.accessKeyId,
    LOGFLUSH_S3_SECRET_ACCESS_KEY: info.secretAccessKey,
    LOGFLUSH_S3_BUCKET: info.bucket,
    LOGFLUSH_S3_INFO: JSON.stringify(info),
  };
}

/** Start S3Proxy unless it already runs and answers; resolves to the connection info. */
export async function startS3(options) {
  return (await startS3Detailed(options)).info;
}

/** Like startS3, and also tells whether this call started it: { info, started }. */
export function startS3Detailed({ owner = 'cli', lease = false } = {}) {
  return startService(definition, { owner, lease });
}

/** Stop S3Proxy (whoever started it); safe when it is not running. */
export function stopS3() {
  return stopService(definition);
}

/**
 * Stop the running S3Proxy and start it again on the same store (buckets and objects are kept);
 * `whileDown` runs once it has exited (after `downMs`). Resolves to the info once it answers.
 */
export function restartS3(options) {
  return restartService(definition, options);
}

/** For test teardown: stop it only if a test run started it and no other test run still uses it. */
export function releaseS3() {
  return releaseService(definition);
}

/** Connection info of the running server, or undefined. */
export function s3Info() {
  return readInfo(definition);
}

export function s3Status() {
  return serviceStatus(definition);
}

// Test helpers: connection options for the caller's own S3 client and flusher_s3, and reading back
// what was uploaded, from the server's filesystem store or through the caller's AWS SDK client.

/** Options for `new S3Client(...)` (@aws-sdk/client-s3) that reach this server. */
export function s3ClientConfig(info) {
  return {
    endpoint: info.endpoint,
    region: info.region,
    forcePathStyle: true,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  };
}

/** flusher_s3 options that reach this server; with `prefix`, KeyFormat puts the keys under it. `extra` is merged last. */
export function s3FlusherDetail(info, prefix, extra = {}) {
  return {
    Bucket: info.bucket,
    Endpoint: info.endpoint,
    Region: info.region,
    ForcePathStyle: true,
    AccessKeyId: info.accessKeyId,
    SecretAccessKey: info.secretAccessKey,
    ...(prefix === undefined ? {} : { KeyFormat: `${prefix}{uuid}{ext}` }),
    ...extra,
  };
}

/**
 * The keys stored under `prefix` in the bucket, sorted, read from the server's filesystem store
 * (`<dataDir>/<bucket>/<key>`). While uploads go on, S3Proxy renames its `<key>-<uuid>` temp files
 * away between the listing and the stat: such a file is no longer there and is left out.
 */
export function storedKeys(info, prefix) {
  const bucketDir = join(info.dataDir, info.bucket);
  const dir = join(bucketDir, prefix);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true)
    .map((file) => relative(bucketDir, file).split(sep).join('/'))
    .sort();
}

/** Every non-empty line of every object under `prefix` (gunzipped when its key ends with .gz), from the filesystem store. */
export function storedLines(info, prefix) {
  const lines = [];
  for (const key of storedKeys(info, prefix)) {
    const raw = readFileSync(join(info.dataDir, info.bucket, key));
    const text = key.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    for (const line of text.split('\n')) if (line !== '') lines.push(line);
  }
  return lines;
}

/**
 * The keys under `prefix` in `bucket`, sorted, listed through the S3 API (every page) with the
 * caller's client: `listObjectKeys(new S3Client(s3ClientConfig(info)), { ListObjectsV2Command }, info.bucket, prefix)`.
 */
export async function listObjectKeys(client, { ListObjectsV2Command }, bucket, prefix) {
  const keys = [];
  let token;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const entry of page.Contents ?? []) keys.push(entry.Key);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys.sort();
}

/** Every object under `prefix` in `bucket` as { key, raw (its bytes as stored), contentEncoding }, in key order, through the S3 API. */
export async function listAndReadObjects(client, commands, bucket, prefix) {
  const objects = [];
  for (const key of await listObjectKeys(client, commands, bucket, prefix)) {
    const got = await client.send(new commands.GetObjectCommand({ Bucket: bucket, Key: key }));
    objects.push({
      key,
      raw: Buffer.from(await got.Body.transformToByteArray()),
      contentEncoding: got.ContentEncoding,
    });
  }
  return objects;
}
