#!/usr/bin/env node
// The package's `test` script: the whole suite once per Kafka client (Client: kafkajs, then
// Client: platformatic), each against the real broker. A client this Node cannot run is skipped
// with the reason (the config error flusher_kafka itself gives), never silently.
// Arguments go to vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { plugin } from '../dist/index.js';

const clients = ['kafkajs', 'platformatic'];
// vitest's own bin, run by this Node (the one the script runs on: 24, or 20 under test:node20).
const vitest = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
const args = process.argv.slice(2);
const results = [];
for (const client of clients) {
  try {
    plugin.parseConfig({ Brokers: ['127.0.0.1:9092'], Topic: 'probe', Client: client });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.log(
      `\nflusher-kafka suite with Client "${client}": SKIPPED on Node ${process.versions.node}: ${reason}\n`,
    );
    results.push(`${client}: skipped (${reason.split('\n').join(' ')})`);
    continue;
  }
  console.log(`\nflusher-kafka suite with Client "${client}" (Node ${process.versions.node})\n`);
  const run = spawnSync(process.execPath, [vitest, 'run', ...args], {
    stdio: 'inherit',
    env: { ...process.env, LOGFLUSH_KAFKA_CLIENT: client },
  });
  results.push(
    `${client}: ${run.status === 0 ? 'passed' : `FAILED (exit ${run.status ?? run.signal})`}`,
  );
  if (run.status !== 0) process.exitCode = 1;
}
console.log(`\nflusher-kafka suite by client: ${results.join('; ')}`);
