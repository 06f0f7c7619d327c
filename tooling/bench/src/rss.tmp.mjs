import { createFlusherContext } from '@logflush/core';
import { makeLogGroup } from './data/loggroup.mjs';
import { setTimeout as sleep } from 'node:timers/promises';
const { plugin } = await import('../../../packages/flusher-s3/dist/index.js');
const groups = Array.from({ length: 16 }, (_, seed) => makeLogGroup({ logs: 1000, contents: 10, seed: seed + 1 }));
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const before = process.memoryUsage.rss();
const ctx = createFlusherContext({ logger: silent });
const f = plugin.create({ Bucket: 'logflush-test', Endpoint: 'http://127.0.0.1:39080', Region: 'us-east-1', ForcePathStyle: true, AccessKeyId: 'logflush-test', SecretAccessKey: 'logflush-test-secret-key', KeyFormat: 'rss/%Y/%m/%d/%H/{uuid}{ext}', Compression: process.env.C ?? 'none', FlushInterval: '1h', MaxObjectBytes: 2e9, MaxBufferedBytes: Number(process.env.B ?? 64 * 1048576) });
await f.init(ctx);
const t = performance.now();
let peak = 0, at; const timer = setInterval(() => { const m = process.memoryUsage(); if (m.rss > peak) { peak = m.rss; at = m; } }, 20);
const target = Number(process.env.MB ?? 512) * 1048576;
while (ctx.metrics.get('in_size_bytes') < target) for (const g of groups) { while (!f.isReady('a','b',0n)) await sleep(10); await f.flush('a','b','c',[g]); }
await f.stop(); clearInterval(timer);
const dt = performance.now() - t;
console.log(`bound ${process.env.B ?? 'default'}: ${(ctx.metrics.get('in_size_bytes')/1e6).toFixed(0)} MB at ${(ctx.metrics.get('in_size_bytes') / 1e6 / (dt / 1000)).toFixed(1)} MB/s; RSS before ${(before/1048576).toFixed(0)} MiB, peak sampled ${(peak/1048576).toFixed(0)} MiB, maxRSS ${(process.resourceUsage().maxRSS/1024).toFixed(0)} MiB`, Object.fromEntries(Object.entries(at).map(([k,v])=>[k,Math.round(v/1048576)])));
