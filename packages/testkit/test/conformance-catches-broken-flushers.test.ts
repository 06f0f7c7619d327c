// The conformance suite must fail for a flusher that breaks one of its rules: it runs (in a
// vitest of its own) against fixture flushers that each break one rule, and exactly the tests
// for that rule fail, for the reason the rule gives, while the rest pass.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = path.resolve(import.meta.dirname, '..');
const vitestBin = path.join(packageDir, 'node_modules/vitest/vitest.mjs');
const fixtureConfig = path.join(import.meta.dirname, 'fixtures/conformance/vitest.config.ts');

const suite = {
  type: 'has a type that matches ^flusher_[a-z0-9_]+$',
  description: 'describes itself in a non-empty sentence',
  defaults: 'creates with defaults for every option it does not require',
  lifecycle:
    'runs init → isReady → flush → setUrgent → stop, and everything accepted can be read back',
  probes:
    'answers the lifecycle probes: isReady, flush and stop before init, flush after stop, stop twice',
  stopBeforeInit: 'stops before init at once, and then rejects flush as stopped',
  badOption: 'names a bad option in its error',
  unknownOption: 'rejects an unknown option by name',
};
type SuiteTest = keyof typeof suite;

/** Each broken flusher (fixtures/conformance/broken-flushers.ts), the tests it must fail and why. */
const broken: Array<[type: string, fails: SuiteTest[], because: RegExp]> = [
  ['flusher-dashed', ['type'], /expected 'flusher-dashed' to match/],
  ['flusher_blank_description', ['description'], /expected '' not to be ''/],
  ['flusher_no_defaults', ['defaults'], /to have property "Sink"/],
  ['flusher_uncounted_events', ['lifecycle'], /expected \+0 to be 100/],
  ['flusher_drops_a_log', ['lifecycle'], /expected \[ Array\(99\) \] to deeply equal/],
  ['flusher_ready_before_init', ['probes'], /expected true to be false/],
  [
    'flusher_untyped_not_initialized',
    ['probes'],
    /not initialized yet to be an instance of FlusherNotInitializedError/,
  ],
  ['flusher_new_promise_per_stop', ['probes'], /expected Promise\{…\} to be Promise\{…\}/],
  [
    'flusher_accepts_after_stop',
    ['probes', 'stopBeforeInit'],
    /promise resolved "undefined" instead of rejecting/,
  ],
  ['flusher_accepts_bad_value', ['badOption'], /to throw an error/],
  ['flusher_ignores_unknown_options', ['unknownOption'], /to throw an error/],
];

interface Outcome {
  status: string;
  failureMessages: string[];
}
interface JsonReport {
  numFailedTests: number;
  testResults: Array<{
    assertionResults: Array<Outcome & { ancestorTitles: string[]; title: string }>;
  }>;
}

const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testkit-conformance-'));
let exitCode: number | undefined;
let report: JsonReport;

/** Every test the fixture run reported for `type`, by title. */
function outcomesOf(type: string): Map<string, Outcome> {
  const outcomes = new Map<string, Outcome>();
  for (const file of report.testResults) {
    for (const result of file.assertionResults) {
      if (result.ancestorTitles.join(' ') === `${type} conformance`)
        outcomes.set(result.title, result);
    }
  }
  return outcomes;
}

/** The status each of the suite's tests must have for `type`, given the ones it fails. */
function expectedStatuses(fails: SuiteTest[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(suite).map(([key, title]) => [
      title,
      fails.includes(key as SuiteTest) ? 'failed' : 'passed',
    ]),
  );
}

beforeAll(async () => {
  const outputFile = path.join(outputDir, 'report.json');
  const args = [vitestBin, 'run', '--config', fixtureConfig, '--reporter=json'];
  try {
    await promisify(execFile)(process.execPath, [...args, `--outputFile=${outputFile}`], {
      cwd: packageDir,
    });
    exitCode = 0;
  } catch (error) {
    exitCode = (error as { code?: number }).code;
  }
  report = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as JsonReport;
});

afterAll(() => fs.rmSync(outputDir, { recursive: true, force: true }));

describe('the conformance suite against flushers that break its rules', () => {
  it('fails the run, with only the broken rules failing', () => {
    expect(exitCode).toBe(1);
    const expectedFailures = broken.reduce((sum, [, fails]) => sum + fails.length, 0);
    expect(report.numFailedTests).toBe(expectedFailures);
  });

  it('passes every test for the well-behaved flusher the broken ones are made from', () => {
    const outcomes = outcomesOf('flusher_well_behaved');
    expect(Object.fromEntries([...outcomes].map(([title, { status }]) => [title, status]))).toEqual(
      expectedStatuses([]),
    );
  });

  it.each(broken)('%s fails exactly %j', (type, fails, because) => {
    const outcomes = outcomesOf(type);
    expect(Object.fromEntries([...outcomes].map(([title, { status }]) => [title, status]))).toEqual(
      expectedStatuses(fails),
    );
    for (const key of fails)
      expect(outcomes.get(suite[key])?.failureMessages.join('\n')).toMatch(because);
  });
});
