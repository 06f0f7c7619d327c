// S3Proxy with its filesystem backend: a real S3 API (SigV2/SigV4 auth, multipart uploads)
// on 127.0.0.1, run from Maven Central jars. Objects live under .services/s3/data/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
