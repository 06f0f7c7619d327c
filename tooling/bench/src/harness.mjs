/**
 * Runs a benchmark case: its baseline and its candidate side by side in one process, in
 * interleaved timed rounds, and reports each one's median throughput.
 *
 * A case (one file in src/cases/, default export):
 *
 *   {
 *     name: 'LogGroup decode + encode',          // shown in the table
 *     unit: 'logs',                              // what run() counts
 *     target: 1.5,                               // optional: the candidate/baseline ratio to reach
 *     setup: async () => context,                // optional: built once, passed to both run()s
 *     teardown: async (context) => {},           // optional
 *     baseline:  { name: 'protobufjs reflection', run: (context) => unitsProcessed },
 *     candidate: { name: '@logflush/core',        run: (context) => unitsProcessed },
 *   }
 *
 * run() does one operation and returns how many units it processed; it may return a promise.
 */

const nowNs = () => process.hrtime.bigint();

/** Microseconds of CPU (user + system) this process has used, on all its threads. */
const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Calls gc() between rounds when node runs with --expose-gc, so one variant's garbage is not billed to the next. */
const collectGarbage = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/** One call of run(), awaited only when it returned a promise. */
async function runOnce(variant, context) {
  let units = variant.run(context);
  if (units !== null && typeof units === 'object' && typeof units.then === 'function')
    units = await units;
  if (typeof units !== 'number' || !Number.isFinite(units) || units < 0) {
    throw new Error(
      `${variant.name}: run() must return the number of units it processed, got ${String(units)}`,
    );
  }
  return units;
}

/**
 * Runs `variant` for at least `durationMs` of wall time (and at least once); returns units per
 * second of wall time, or of the process's CPU time when `clock` is 'cpu'.
 */
async function timedRound(variant, context, durationMs, clock) {
  const budget = BigInt(Math.round(durationMs * 1e6));
  const startCpu = cpuMicros();
  const start = nowNs();
  let units = 0;
  let elapsed = 0n;
  do {
    units += await runOnce(variant, context);
    elapsed = nowNs() - start;
  } while (elapsed < budget);
  const seconds = clock === 'cpu' ? (cpuMicros() - startCpu) / 1e6 : Number(elapsed) / 1e9;
  return units / seconds;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function checkCase(benchCase) {
  const problems = [];
  if (typeof benchCase?.name !== 'string' || benchCase.name === '') problems.push('a name');
  if (typeof benchCase?.unit !== 'string' || benchCase.unit === '') problems.push('a unit');
  for (const role of ['baseline', 'candidate']) {
    const variant = benchCase?.[role];
    if (typeof variant?.name !== 'string' || typeof variant?.run !== 'function') {
      problems.push(`${role}: { name, run }`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `benchmark case ${benchCase?.name ?? '(unnamed)'} needs ${problems.join(', ')}`,
    );
  }
}

/**
 * Measures one case. Rounds alternate their order (A B, B A, A B, …) so that neither variant
 * always runs right after the other's garbage or on a warmer cache.
 * Returns { name, unit, target, baseline: stats, candidate: stats, ratio }, where stats is
 * { name, median, min, max, rounds } in units per second and ratio = candidate / baseline medians.
 */
export async function runCase(
  benchCase,
  { rounds = 12, roundMs = 150, warmupMs = 500, clock = 'wall' } = {},
) {
  if (clock !== 'wall' && clock !== 'cpu')
    throw new Error(`clock must be 'wall' or 'cpu', got ${clock}`);
  checkCase(benchCase);
  const context = benchCase.setup ? await benchCase.setup() : undefined;
  try {
    const variants = [benchCase.baseline, benchCase.candidate];
    /** @type {number[][]} */
    const samples = [[], []];
    for (const variant of variants) await timedRound(variant, context, warmupMs, clock);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const index of order) {
        collectGarbage();
        samples[index].push(await timedRound(variants[index], context, roundMs, clock));
      }
    }
    const [baseline, candidate] = variants.map((variant, i) => ({
      name: variant.name,
      median: median(samples[i]),
      min: Math.min(...samples[i]),
      max: Math.max(...samples[i]),
      rounds: samples[i],
    }));
    return {
      name: benchCase.name,
      unit: benchCase.unit,
      target: benchCase.target,
      baseline,
      candidate,
      ratio: candidate.median / baseline.median,
    };
  } finally {
    if (benchCase.teardown) await benchCase.teardown(context);
  }
}

/** 1234567 -> "1.23M" */
export function formatRate(perSecond) {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)}G`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(1);
}

/** The spread of a variant's rounds around its median, e.g. "±4%". */
function spread(stats) {
  const half = (stats.max - stats.min) / 2;
  return `±${Math.round((half / stats.median) * 100)}%`;
}

/** A markdown table: one row per case, throughput as median units/s over the rounds. */
export function formatTable(results) {
  const rows = [
    ['case', 'baseline', 'baseline /s', 'candidate', 'candidate /s', 'ratio', 'target'],
    ['---', '---', '---:', '---', '---:', '---:', '---'],
  ];
  for (const result of results) {
    const { baseline, candidate, unit, target, ratio } = result;
    const verdict =
      target === undefined ? '' : `≥ ${target}× ${ratio >= target ? 'met' : 'MISSED'}`;
    rows.push([
      result.name,
      baseline.name,
      `${formatRate(baseline.median)} ${unit} ${spread(baseline)}`,
      candidate.name,
      `${formatRate(candidate.median)} ${unit} ${spread(candidate)}`,
      `${ratio.toFixed(2)}×`,
      verdict,
    ]);
  }
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
