#!/usr/bin/env node
// Runs the benchmark cases in src/cases/ and prints a markdown table.
//
//   pnpm bench                              every case
//   pnpm bench -- loggroup                  cases whose file or name contains "loggroup"
//   pnpm bench -- --rounds 12 --round-ms 400
//   pnpm bench -- --clock cpu               rate per CPU-second of this process (CPU-bound cases
//                                           on a busy machine), instead of per wall-clock second
//   pnpm bench -- --check                   exit 1 when a case misses its target ratio
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { formatTable, runCase } from './harness.mjs';

// `pnpm --filter @logflush/bench bench -- loggroup` hands the `--` on: it must not end the options.
const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
const { values: options, positionals: filters } = parseArgs({
  args,
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '12' },
    'round-ms': { type: 'string', default: '150' },
    'warmup-ms': { type: 'string', default: '500' },
    clock: { type: 'string', default: 'wall' },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (options.help) {
  console.log(
    'usage: node src/run.mjs [filter ...] [--rounds N] [--round-ms MS] [--warmup-ms MS] ' +
      '[--clock wall|cpu] [--check]',
  );
  process.exit(0);
}

function positiveNumber(name) {
  const value = Number(options[name]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number, got ${options[name]}`);
    process.exit(2);
  }
  return value;
}

if (options.clock !== 'wall' && options.clock !== 'cpu') {
  console.error(`--clock must be wall or cpu, got ${options.clock}`);
  process.exit(2);
}

const settings = {
  clock: options.clock,
  rounds: Math.round(positiveNumber('rounds')),
  roundMs: positiveNumber('round-ms'),
  warmupMs: positiveNumber('warmup-ms'),
};

const casesDir = new URL('./cases/', import.meta.url);
const files = readdirSync(casesDir)
  .filter((file) => file.endsWith('.mjs'))
  .sort();

const cases = [];
for (const file of files) {
  const { default: benchCase } = await import(new URL(file, casesDir).href);
  const matches = (text) =>
    filters.some((filter) => text.toLowerCase().includes(filter.toLowerCase()));
  if (filters.length === 0 || matches(file) || matches(benchCase?.name ?? ''))
    cases.push(benchCase);
}
if (cases.length === 0) {
  console.error(`no benchmark case matches ${filters.join(' ')} (cases: ${files.join(', ')})`);
  process.exit(2);
}

console.log(
  `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ` +
    `${settings.rounds} interleaved rounds of ${settings.roundMs} ms per variant, ` +
    `median throughput per ${settings.clock === 'cpu' ? 'CPU' : 'wall-clock'} second\n`,
);

const results = [];
for (const benchCase of cases) {
  process.stderr.write(`running ${benchCase.name} …\n`);
  results.push(await runCase(benchCase, settings));
}
console.log(formatTable(results));

const missed = results.filter(
  (result) => result.target !== undefined && result.ratio < result.target,
);
if (options.check && missed.length > 0) {
  console.error(`\nmissed target: ${missed.map((result) => result.name).join(', ')}`);
  process.exit(1);
}
