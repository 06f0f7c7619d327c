// flusher_s3 (issue 6): json logs uploaded into the local S3Proxy, against a raw
// @aws-sdk/lib-storage Upload of the same bytes in the same process. Each run() writes one object
// and deletes it again; this case's objects are 64 MiB (LOGFLUSH_BENCH_S3_OBJECT_MB overrides), so
// the harness's default 12 rounds plus warm-up upload about 0.9 GB per variant (each round runs
// one object, as one takes longer than a round). The candidate runs as the CLI runs a
// flusher: init, isReady polled every 10 ms before each flush of a 1,000-log group, stop (which
// uploads the rest). The baseline streams the same LogGroups, rendered by the same
// @logflush/core jsonLines, into one Upload: what one would write by hand instead of the flusher.
// Peak RSS of each variant is sampled every 20 ms and printed at the end; as this process also
// holds the test data and both variants' garbage, the case then uploads one object of 512 MiB
// (LOGFLUSH_BENCH_S3_ALONE_MB) with the flusher in a process of its own and prints that process's
// peak RSS: the figure to hold against the 300 MB bound.
//
// Beside it: s3-upload-prerendered.mjs (the raw Upload of bytes rendered before the timing, which
// shows what rendering costs), s3-upload-gzip.mjs and s3-upload-zstd.mjs.
//
// The flusher is loaded from packages/flusher-s3's build; the AWS SDK's client-s3 and lib-storage
// for the baseline are this package's own dependencies, at the flusher's client-s3 version
// (sherif keeps them equal). S3Proxy is started with the services' scripts when it is not running.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFlusherContext, jsonLines } from '@logflush/core';
import { makeLogGroup } from '../data/loggroup.mjs';

const flusherDir = new URL('../../../../packages/flusher-s3/', import.meta.url);
const servicesDir = new URL('../../../services/', import.meta.url);
const requireFromBench = createRequire(import.meta.url);
const MiB = 1024 * 1024;
const partSize = 8 * MiB;
const queueSize = 4;

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Highest RSS seen while each variant ran, sampled every 20 ms. */
function rssSampler() {
  const peaks = new Map();
  let current;
  const sample = () => {
    if (current !== undefined)
      peaks.set(current, Math.max(peaks.get(current) ?? 0, process.memoryUsage.rss()));
  };
  const timer = setInterval(sample, 20);
  return {
    during: async (name, work) => {
      current = name;
      try {
        return await work();
      } finally {
        sample();
        current = undefined;
      }
    },
    peaks,
    stop: () => clearInterval(timer),
  };
}

/**
 * Uploads one object of `objectMiB` with the flusher in a child process that holds nothing else,
 * as the CLI would; resolves to that process's peak RSS in bytes.
 */
function flusherAlonePeakRss(detail, objectMiB) {
  const script = `
    import { setTimeout as sleep } from 'node:timers/promises';
    import { createFlusherContext } from '@logflush/core';
    const { makeLogGroup } = await import(${JSON.stringify(new URL('../data/loggroup.mjs', import.meta.url).href)});
    const { plugin } = await import(${JSON.stringify(new URL('dist/index.js', flusherDir).href)});
    const groups = Array.from({ length: 16 }, (_, seed) => makeLogGroup({ logs: 1000, contents: 10, seed: seed + 1 }));
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const context = createFlusherContext({ logger: silent });
    const flusher = plugin.create(JSON.parse(process.env.LOGFLUSH_BENCH_DETAIL));
    await flusher.init(context);
    const target = ${objectMiB} * 1024 * 1024;
    while (context.metrics.get('in_size_bytes') < target) {
      for (const group of groups) {
        while (!flusher.isReady('bench', 'bench', 0n)) await sleep(10);
        await flusher.flush('bench', 'bench', 'bench', [group]);
      }
    }
    await flusher.stop();
    process.stdout.write(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, metrics: context.metrics.snapshot() }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('../../', import.meta.url),
      env: {
        ...process.env,
        LOGFLUSH_BENCH_DETAIL: JSON.stringify({ ...detail, MaxObjectBytes: 4 * 1024 * MiB }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the flusher-alone process exited with ${code}`));
      const { maxRss, metrics } = JSON.parse(output);
      if (metrics.failed_events > 0 || metrics.out_objects !== 1) {
        return reject(new Error(`the flusher-alone upload failed: ${JSON.stringify(metrics)}`));
      }
      resolve(maxRss);
    });
  });
}

async function deletePrefix(client, commands, bucket, prefix) {
  const listed = await client.send(
    new commands.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }),
  );
  for (const entry of listed.Contents ?? []) {
    await client.send(new commands.DeleteObjectCommand({ Bucket: bucket, Key: entry.Key }));
  }
  return (listed.Contents ?? []).reduce((sum, entry) => sum + entry.Size, 0);
}

/**
 * A case uploading json logs with the flusher's `compression`, against a raw Upload of the
 * uncompressed bytes, rendered during the run (`prerendered: false`) or before it.
 *
 * @param {{ compression: string, target?: number, prerendered?: boolean, objectMiB: number, aloneMiB?: number }} options
 */
export function s3UploadCase({
  compression,
  target,
  prerendered = false,
  objectMiB: defaultMiB,
  aloneMiB,
}) {
  const objectMiB = Number(process.env.LOGFLUSH_BENCH_S3_OBJECT_MB ?? defaultMiB);
  let runs = 0;
  const baselineBody = (context) =>
    Readable.from(
      (function* () {
        for (let i = 0; i < context.repeats; i++) {
          if (prerendered) yield context.chunk;
          else
            for (const group of context.groups)
              yield Buffer.from(jsonLines(group).join('\n') + '\n');
        }
      })(),
    );
  return {
    name: `flusher_s3 json, ${compression}, ${objectMiB} MiB objects into S3Proxy${prerendered ? ', vs pre-rendered bytes' : ''}`,
    unit: 'MB',
    target,
    async setup() {
      const { startS3Detailed, stopS3, s3ClientConfig, s3FlusherDetail } = await import(
        new URL('s3.mjs', servicesDir).href
      );
      const entry = new URL('dist/index.js', flusherDir);
      if (!existsSync(entry))
        throw new Error(
          'packages/flusher-s3 is not built: pnpm --filter @logflush/flusher-s3 build',
        );
      const { plugin } = await import(entry.href);
      const commands = requireFromBench('@aws-sdk/client-s3');
      const { Upload } = requireFromBench('@aws-sdk/lib-storage');
      const { info, started } = await startS3Detailed({ owner: 'cli' });

      // 16 groups of 1,000 access logs; an object is these groups repeated until it is objectMiB.
      const groups = Array.from({ length: 16 }, (_, seed) =>
        makeLogGroup({ logs: 1000, contents: 10, seed: seed + 1 }),
      );
      const chunk = Buffer.from(groups.map((group) => jsonLines(group).join('\n') + '\n').join(''));
      const repeats = Math.max(1, Math.round((objectMiB * MiB) / chunk.length));
      const objectBytes = chunk.length * repeats;

      const client = new commands.S3Client(s3ClientConfig(info));
      const detail = s3FlusherDetail(info, undefined, {
        Compression: compression,
        PartSize: partSize,
        UploadConcurrency: queueSize,
        MaxObjectBytes: objectBytes,
        FlushInterval: '1h',
      });
      const rssAtStart = process.memoryUsage.rss();
      return {
        plugin,
        commands,
        Upload,
        client,
        info,
        started,
        stopS3,
        groups,
        chunk,
        repeats,
        objectBytes,
        detail,
        rssAtStart,
        rss: rssSampler(),
      };
    },
    async teardown(context) {
      context.rss.stop();
      const peak = (name) => `${Math.round((context.rss.peaks.get(name) ?? 0) / MiB)} MiB`;
      process.stderr.write(
        `  ${compression}: ${(context.objectBytes / 1e6).toFixed(1)} MB per object, ${runs} objects uploaded; ` +
          `RSS ${Math.round(context.rssAtStart / MiB)} MiB before the first run; ` +
          `peak RSS during the raw Upload ${peak('baseline')}, during the flusher ${peak('candidate')}\n`,
      );
      if (aloneMiB !== undefined) {
        const prefix = 'bench/alone/';
        const detail = { ...context.detail, KeyFormat: `${prefix}%Y/%m/%d/%H/{uuid}{ext}` };
        const peakRss = await flusherAlonePeakRss(detail, aloneMiB);
        await deletePrefix(context.client, context.commands, context.info.bucket, prefix);
        process.stderr.write(
          `  ${compression}: the flusher alone in a process of its own, one ${aloneMiB} MiB object: ` +
            `peak RSS ${Math.round(peakRss / MiB)} MiB (${(peakRss / 1e6).toFixed(0)} MB)\n`,
        );
      }
      context.client.destroy();
      if (context.started) await context.stopS3();
    },
    baseline: {
      name: prerendered
        ? 'lib-storage Upload of pre-rendered bytes'
        : 'jsonLines → lib-storage Upload (same bytes)',
      run: (context) =>
        context.rss.during('baseline', async () => {
          const { client, info, commands, Upload } = context;
          const prefix = `bench/raw-${runs++}/`;
          const body = baselineBody(context);
          const upload = new Upload({
            client,
            params: {
              Bucket: info.bucket,
              Key: `${prefix}object.jsonl`,
              Body: body,
              ContentType: 'application/x-ndjson',
            },
            partSize,
            queueSize,
          });
          await upload.done();
          await deletePrefix(client, commands, info.bucket, prefix);
          return context.objectBytes / 1e6;
        }),
    },
    candidate: {
      name: `@logflush/flusher-s3 (${compression})`,
      run: (context) =>
        context.rss.during('candidate', async () => {
          const { plugin, groups, repeats, detail, client, info, commands } = context;
          const prefix = `bench/flusher-${runs++}/`;
          const flusherContext = createFlusherContext({ logger: silentLogger });
          const flusher = plugin.create({
            ...detail,
            KeyFormat: `${prefix}%Y/%m/%d/%H/{uuid}{ext}`,
          });
          await flusher.init(flusherContext);
          for (let r = 0; r < repeats; r++) {
            for (const group of groups) {
              while (!flusher.isReady('bench', 'bench', 0n)) await sleep(10);
              await flusher.flush('bench', 'bench', 'bench', [group]);
            }
          }
          await flusher.stop();
          const metrics = flusherContext.metrics.snapshot();
          if (metrics.failed_events > 0 || metrics.out_objects !== 1) {
            throw new Error(`flusher_s3 benchmark run failed: ${JSON.stringify(metrics)}`);
          }
          await deletePrefix(client, commands, info.bucket, prefix);
          return context.objectBytes / 1e6;
        }),
    },
  };
}

export default s3UploadCase({
  compression: 'none',
  target: 0.9,
  objectMiB: 64,
  aloneMiB: Number(process.env.LOGFLUSH_BENCH_S3_ALONE_MB ?? 512),
});
