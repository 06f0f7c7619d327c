import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPipeline,
  firstPartyPackage,
  loadPlugins,
  PipelineConfigError,
} from '../dist/index.js';
import { quietLogger } from './support.js';

// An app folder with a third-party plugin package installed in its node_modules.
const app = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-pipeline-app-'));
const installed = path.join(app, 'node_modules', '@acme', 'logflush-memory');
fs.mkdirSync(installed, { recursive: true });
for (const file of ['package.json', 'index.mjs'])
  fs.copyFileSync(
    path.join(import.meta.dirname, 'fixtures/acme-flusher', file),
    path.join(installed, file),
  );
afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

const memory = () =>
  (globalThis as { acmeMemory?: Record<string, Array<{ detail: unknown; log: unknown }>> })
    .acmeMemory ?? {};

describe('plugin loading', () => {
  it('maps a first-party type to its package name', () => {
    expect(firstPartyPackage('flusher_http_json')).toBe('@logflush/flusher-http-json');
    expect(firstPartyPackage('flusher_kafka/out1')).toBe('@logflush/flusher-kafka');
  });

  it('loads a third-party package (exporting `plugins`) from the app folder, beside first-party types', async () => {
    const pipeline = await createPipeline(
      {
        flushers: [
          { type: 'flusher_acme_memory', detail: { Tag: 'x' } },
          { type: 'flusher_stdout', detail: {} },
        ],
      },
      { plugins: ['@acme/logflush-memory'], resolveFrom: app, logger: quietLogger() },
    );
    pipeline.write({ msg: 'hi', __time__: 1 });
    const outcome = await pipeline.close();
    expect(outcome.delivered).toBe(1);
    expect(memory().flusher_acme_memory).toEqual([
      { detail: { Tag: 'x' }, log: { Time: 1, Contents: [{ Key: 'msg', Value: 'hi' }] } },
    ]);
    expect(pipeline.flushers.map((f) => f.name)).toEqual(['flusher_acme_memory', 'flusher_stdout']);
  });

  it('loads only the plugins a pipeline names, and the packages given', async () => {
    const registry = await loadPlugins(['@acme/logflush-memory'], {
      resolveFrom: [path.join(app, 'nowhere'), app],
    });
    expect(registry.list().map((plugin) => plugin.type)).toEqual([
      'flusher_acme_memory',
      'flusher_acme_other',
    ]);
  });

  it('names the package that cannot be found, and where it was looked for', async () => {
    const error = await createPipeline(
      { flushers: [{ type: 'flusher_stdout' }] },
      { plugins: ['@acme/missing'], resolveFrom: app },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^plugin package "@acme\/missing" failed to load: cannot find "@acme\/missing" from /,
    );
    expect((error as Error).message).toContain(app);
  });

  it('says an unknown type is unknown even with a third-party package loaded, with its types among the known', async () => {
    const error = await createPipeline(
      { flushers: [{ type: 'flusher_acme_memroy' }] },
      { plugins: ['@acme/logflush-memory'], resolveFrom: app },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineConfigError);
    expect((error as PipelineConfigError).issues).toEqual([
      {
        path: 'flushers[0].type',
        message:
          'unknown flusher type "flusher_acme_memroy". Did you mean "flusher_acme_memory"? Known types: flusher_acme_memory, flusher_acme_other, flusher_file, flusher_kafka, flusher_s3, flusher_stdout.',
      },
    ]);
  });
});
