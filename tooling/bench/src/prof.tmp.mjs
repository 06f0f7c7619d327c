import { createFlusherContext } from '@logflush/core';
import { makeLogGroup } from './data/loggroup.mjs';
import { setTimeout as sleep } from 'node:timers/promises';
const { plugin } = await import('../../../packages/flusher-s3/dist/index.js');
const groups = Array.from({ length: 16 }, (_, seed) => makeLogGroup({ logs: 1000, contents: 10, seed: seed + 1 }));
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const t = performance.now();
const ctx = createFlusherContext({ logger: silent });
const f = plugin.create({ Bucket: 'logflush-test', Endpoint: 'http://127.0.0.1:39080', Region: 'us-east-1', ForcePathStyle: true, AccessKeyId: 'logflush-test', SecretAccessKey: 'logflush-test-secret-key', KeyFormat: 'prof/%Y/%m/%d/%H/{uuid}{ext}', Compression: process.env.C ?? 'none', FlushInterval: '1h', MaxObjectBytes: 1e9 });
await f.init(ctx);
for (let r = 0; r < 10; r++) for (const g of groups) { while (!f.isReady('a','b',0n)) await sleep(10); await f.flush('a','b','c',[g]); }
await f.stop();
const dt = performance.now() - t;
console.log(ctx.metrics.snapshot(), (ctx.metrics.get('in_size_bytes') / 1e6 / (dt / 1000)).toFixed(1), 'MB/s');
