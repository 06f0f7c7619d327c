// flusher_s3 with `Buffer: {"Type": "disk"}` against the same flusher with the memory buffer
// (the default), same S3Proxy, same logs, interleaved rounds (target ≥ 0.7×). One round operation
// is one object of a steady stream: 16 flushes of 1,000-log groups, up to 4 at once as the CLI's
// runner sends them (json, no compression; MaxEvents 16,000 closes the object), then the wait
// until the flusher's out_events says the object before it is uploaded (one object may be on its
// way while the next is flushed) — for the disk variant after its logs went through the buffer's
// segment files.
// After the rounds it prints the bytes the disk buffer writes per log (16 groups flushed into a
// buffer whose endpoint does not answer, so that nothing is uploaded and deleted).
//
// flusher_s3 comes from packages/flusher-s3's built dist (pnpm bench builds it); S3Proxy from
// tooling/services (started when not running).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFlusherContext } from '@logflush/core';
import { makeLogGroup } from '../data/loggroup.mjs';

const flusherDir = new URL('../../../../packages/flusher-s3/', import.meta.url);
const servicesDir = new URL('../../../services/', import.meta.url);
const groupsPerObject = 16;
const logsPerGroup = 1000;
const flushWindow = 4;
const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

async function startFlusher(plugin, detail) {
  const flusher = plugin.create(detail);
  const context = createFlusherContext({ configName: 'bench', logger: silentLogger });
  await flusher.init(context);
  // flushed: the logs flushed so far (oneObject's count).
  return { flusher, context, flushed: 0 };
}

function segmentBytes(dir) {
  let bytes = 0;
  for (const name of fs.readdirSync(dir))
    if (name.endsWith('.seg')) bytes += fs.statSync(path.join(dir, name)).size;
  return bytes;
}

/**
 * One object: its groups flushed as the CLI's runner does (isReady polled, up to 4 flushes in
 * flight, its default window); then the wait until the object before it is uploaded. A stream
 * does not wait for each object's upload before it reads on, so one object may be on its way
 * while the next is flushed; the throughput is that of a steady stream, delivered end to end.
 */
async function oneObject(variant, groups) {
  const { flusher, context } = variant;
  const logs = groupsPerObject * logsPerGroup;
  const flushed = (variant.flushed += logs);
  const inFlight = new Set();
  for (const group of groups) {
    while (inFlight.size >= flushWindow) await Promise.race(inFlight);
    while (!flusher.isReady('bench', 'bench', 0n)) await sleep(1);
    const flush = flusher.flush('bench', 'bench', 'bench', [group]);
    inFlight.add(flush);
    void flush.finally(() => inFlight.delete(flush));
  }
  await Promise.all(inFlight);
  while (context.metrics.get('out_events') < flushed - logs) await sleep(1);
  if (context.metrics.get('failed_events') > 0) throw new Error('an upload failed');
  return logs;
}

async function bytesPerLog(plugin, detail, groups) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-bench-s3-disk-bytes-'));
  try {
    const { flusher } = await startFlusher(plugin, {
      ...detail,
      // Port 9 (discard) on loopback: nothing answers, so every log stays on disk.
      Endpoint: 'http://127.0.0.1:9',
      MaxRetries: 0,
      Buffer: { Type: 'disk', Path: dir },
    });
    for (const group of groups) await flusher.flush('bench', 'bench', 'bench', [group]);
    const bytes = segmentBytes(dir);
    await flusher.stop().catch(() => {});
    const logs = groups.length * logsPerGroup;
    return `flusher_s3 disk buffer: ${(bytes / logs).toFixed(1)} bytes written to segment files per log (${logs.toLocaleString('en-US')} logs in 1,000-log groups)`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function deletePrefix(info, prefix) {
  const { s3ClientConfig } = await import(new URL('s3.mjs', servicesDir).href);
  const { createRequire } = await import('node:module');
  const commands = createRequire(import.meta.url)('@aws-sdk/client-s3');
  const client = new commands.S3Client(s3ClientConfig(info));
  try {
    for (;;) {
      const listed = await client.send(
        new commands.ListObjectsV2Command({ Bucket: info.bucket, Prefix: prefix }),
      );
      if ((listed.Contents ?? []).length === 0) return;
      for (const entry of listed.Contents)
        await client.send(
          new commands.DeleteObjectCommand({ Bucket: info.bucket, Key: entry.Key }),
        );
    }
  } finally {
    client.destroy();
  }
}

export default {
  name: `flusher_s3 disk buffer vs memory buffer, objects of ${groupsPerObject} × 1,000 logs uploaded (json, none)`,
  unit: 'logs',
  target: 0.7,
  async setup() {
    const entry = new URL('dist/index.js', flusherDir);
    if (!fs.existsSync(entry))
      throw new Error('packages/flusher-s3 is not built: pnpm --filter @logflush/flusher-s3 build');
    const { plugin } = await import(entry.href);
    const { startS3Detailed, s3FlusherDetail } = await import(new URL('s3.mjs', servicesDir).href);
    const { info } = await startS3Detailed({ owner: 'test', lease: true });
    const prefix = `bench-disk-buffer-${Date.now().toString(36)}/`;
    const detail = (variant) =>
      s3FlusherDetail(info, `${prefix}${variant}/`, {
        MaxEvents: groupsPerObject * logsPerGroup,
        FlushInterval: '1h',
      });
    const groups = Array.from({ length: groupsPerObject }, (_, seed) =>
      makeLogGroup({ logs: logsPerGroup, contents: 10, seed: seed + 1 }),
    );
    const bufferDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-bench-s3-disk-'));
    const memory = await startFlusher(plugin, detail('memory'));
    const disk = await startFlusher(plugin, {
      ...detail('disk'),
      Buffer: { Type: 'disk', Path: bufferDir },
    });
    return { plugin, info, prefix, detail, groups, bufferDir, memory, disk };
  },
  async teardown(context) {
    try {
      if (context) {
        await context.memory.flusher.stop();
        await context.disk.flusher.stop();
        console.log(await bytesPerLog(context.plugin, context.detail('bytes'), context.groups));
        fs.rmSync(context.bufferDir, { recursive: true, force: true });
        await deletePrefix(context.info, context.prefix);
      }
    } finally {
      const { releaseS3 } = await import(new URL('s3.mjs', servicesDir).href);
      await releaseS3();
    }
  },
  baseline: {
    name: 'Buffer memory',
    run: ({ memory, groups }) => oneObject(memory, groups),
  },
  candidate: {
    name: 'Buffer disk (fsynced, then uploaded)',
    run: ({ disk, groups }) => oneObject(disk, groups),
  },
};
