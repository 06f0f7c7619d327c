// pnpm check:shape on a workspace of its own (the script's copy at tooling/scripts/ in a temp
// folder, which it takes as the root): one package in the standard shape and, beside it,
// packages that each break one rule; the check must fail, naming each one's problem and no other.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flusherPackage, writeFlusherPackage } from './fixtures/flusher-package.mjs';

/** @typedef {import('./fixtures/flusher-package.mjs').FlusherPackage} FlusherPackage */

const script = path.resolve(import.meta.dirname, '../check-flusher-shape.mjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-check-shape-'));

/** @type {(file: string, from: string, to: string) => (pkg: FlusherPackage) => void} */
const edit = (file, from, to) => (pkg) => {
  pkg.files[file] = String(pkg.files[file]).replace(from, to);
};
/** @type {(file: string) => (pkg: FlusherPackage) => void} */
const remove = (file) => (pkg) => {
  pkg.files[file] = undefined;
};
/** @type {(change: (manifest: Record<string, any>) => void) => (pkg: FlusherPackage) => void} */
const manifest = (change) => (pkg) => change(pkg.manifest ?? {});

/**
 * packages/flusher-<name>, what breaks it, and the rules that must fail with the problem each names.
 * @type {Array<{ name: string, breakIt: (pkg: FlusherPackage) => void, fails: Record<string, string> }>}
 */
const broken = [
  {
    name: 'no-index',
    breakIt: remove('src/index.ts'),
    fails: { files: 'src/index.ts is missing' },
  },
  {
    name: 'no-config',
    breakIt: remove('src/config.ts'),
    fails: { files: 'src/config.ts is missing' },
  },
  {
    name: 'no-class-file',
    breakIt: remove('src/no-class-file-flusher.ts'),
    fails: { files: 'src/no-class-file-flusher.ts is missing' },
  },
  {
    name: 'no-conformance',
    breakIt: remove('test/conformance.test.ts'),
    fails: { files: 'test/conformance.test.ts is missing' },
  },
  { name: 'no-readme', breakIt: remove('README.md'), fails: { files: 'README.md is missing' } },
  {
    name: 'no-example',
    breakIt: remove('example.json'),
    fails: { files: 'example.json is missing' },
  },
  {
    name: 'no-manifest',
    breakIt: (pkg) => {
      pkg.manifest = undefined;
    },
    fails: { files: 'package.json is missing' },
  },
  {
    name: 'manifest-not-json',
    breakIt: (pkg) => {
      pkg.manifest = undefined;
      pkg.files['package.json'] = '{ "name": ';
    },
    fails: {
      'package-json': 'package.json is not valid JSON',
      // Node cannot load a module under an invalid package.json either.
      'dist-loads': 'dist/index.js fails to load',
    },
  },
  {
    name: 'misnamed',
    breakIt: manifest((m) => (m.name = '@logflush/flusher-other')),
    fails: { 'package-name': 'name is "@logflush/flusher-other"' },
  },
  {
    name: 'commonjs',
    breakIt: (pkg) => {
      pkg.manifest = { ...pkg.manifest, type: 'commonjs' };
      // Built as CommonJS too, so that only the type field is wrong.
      pkg.files['dist/index.js'] = [
        "exports.plugin = { type: 'flusher_commonjs' };",
        'exports.configSchema = {};',
        'exports.FixtureFlusher = class FixtureFlusher {};',
      ].join('\n');
    },
    fails: { 'package-type': 'type is "commonjs"' },
  },
  {
    name: 'side-effects',
    breakIt: manifest((m) => delete m.sideEffects),
    fails: { 'package-side-effects': 'sideEffects is undefined' },
  },
  {
    name: 'not-public',
    breakIt: manifest((m) => delete m.publishConfig),
    fails: { 'package-publish-access': 'publishConfig.access is undefined' },
  },
  {
    name: 'publishes-src',
    breakIt: manifest((m) => m.files.push('src')),
    fails: { 'package-files': 'files is ["dist","example.json","src"]' },
  },
  {
    name: 'no-import',
    breakIt: manifest((m) => delete m.exports['.'].import),
    fails: { 'package-exports-import': 'exports["."].import is undefined' },
  },
  {
    name: 'require-from-src',
    breakIt: manifest((m) => (m.exports['.'].require.default = './src/index.ts')),
    fails: {
      'package-exports-require':
        'exports["."].require is {"types":"./dist/index.d.cts","default":"./src/index.ts"}',
    },
  },
  {
    name: 'no-engines',
    breakIt: manifest((m) => delete m.engines),
    fails: { 'package-engines': 'engines.node is undefined' },
  },
  {
    name: 'core-peer-any',
    breakIt: manifest((m) => (m.peerDependencies['@logflush/core'] = '*')),
    fails: { 'package-core-peer': 'peerDependencies["@logflush/core"] is "*"' },
  },
  {
    name: 'core-dev-missing',
    breakIt: manifest((m) => delete m.devDependencies['@logflush/core']),
    fails: { 'package-core-dev': 'devDependencies["@logflush/core"] is undefined' },
  },
  {
    name: 'no-typecheck',
    breakIt: manifest((m) => delete m.scripts.typecheck),
    fails: { 'package-scripts': 'scripts typecheck missing' },
  },
  {
    name: 'no-options-markers',
    breakIt: edit('README.md', '<!-- options:end -->', ''),
    fails: {
      'readme-options-table':
        'README.md has no <!-- options:start --> … <!-- options:end --> block',
    },
  },
  {
    name: 'example-not-json',
    breakIt: (pkg) => {
      pkg.files['example.json'] = '{ "flushers": [';
    },
    fails: { 'example-json': 'example.json is not valid JSON' },
  },
  {
    name: 'example-other-type',
    breakIt: edit('example.json', 'flusher_example_other_type', 'flusher_stdout'),
    fails: {
      'example-json': 'example.json has no "flushers" entry of type "flusher_example_other_type"',
    },
  },
  {
    name: 'not-built',
    breakIt: remove('dist/index.js'),
    fails: { 'dist-built': 'dist/index.js does not exist' },
  },
  {
    name: 'dist-throws',
    breakIt: (pkg) => {
      pkg.files['dist/index.js'] = "throw new Error('broken build');\n";
    },
    fails: { 'dist-loads': 'dist/index.js fails to load: broken build' },
  },
  {
    name: 'no-plugin',
    breakIt: edit('dist/index.js', 'export const plugin =', 'const plugin ='),
    fails: { 'dist-plugin': 'dist/index.js does not export `plugin`' },
  },
  {
    name: 'plugin-other-type',
    breakIt: edit('dist/index.js', "type: 'flusher_plugin_other_type'", "type: 'flusher_stdout'"),
    fails: { 'dist-plugin-type': 'plugin.type is "flusher_stdout"' },
  },
  {
    name: 'no-config-schema',
    breakIt: edit('dist/index.js', 'export const configSchema', 'const configSchema'),
    fails: { 'dist-config-schema': 'dist/index.js does not export `configSchema`' },
  },
  {
    name: 'no-class',
    breakIt: edit(
      'dist/index.js',
      'export class FixtureFlusher {}',
      'export function fixtureFlusher() {}',
    ),
    fails: { 'dist-flusher-class': 'dist/index.js exports no class' },
  },
];

/** @param {string[]} args */
function checkShape(...args) {
  const result = spawnSync(process.execPath, ['tooling/scripts/check-flusher-shape.mjs', ...args], {
    cwd: work,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** @type {ReturnType<typeof checkShape>} */
let all;

/** The FAIL lines for packages/flusher-<name>. */
const failuresOf = (/** @type {string} */ name) =>
  all.stdout
    .split('\n')
    .filter((line) => /^FAIL (\S+)/.exec(line)?.[1] === `packages/flusher-${name}`);

beforeAll(() => {
  fs.mkdirSync(path.join(work, 'tooling/scripts'), { recursive: true });
  fs.copyFileSync(script, path.join(work, 'tooling/scripts/check-flusher-shape.mjs'));
  writeFlusherPackage(path.join(work, 'packages/flusher-good'), flusherPackage('good'));
  for (const { name, breakIt } of broken) {
    const pkg = flusherPackage(name);
    breakIt(pkg);
    writeFlusherPackage(path.join(work, `packages/flusher-${name}`), pkg);
  }
  // Not flusher packages: another package, and a flusher folder left with only its build.
  writeFlusherPackage(path.join(work, 'packages/core'), {
    manifest: { name: '@logflush/core' },
    files: {},
  });
  writeFlusherPackage(path.join(work, 'packages/flusher-leftover'), {
    manifest: undefined,
    files: { 'dist/index.js': 'export {};\n' },
  });
  all = checkShape();
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('pnpm check:shape', () => {
  it('fails (exit 1) for the broken packages of all packages/flusher-* it finds, and passes the good one', () => {
    expect(all.status).toBe(1);
    expect(all.stderr).toContain(
      `${broken.length} of ${broken.length + 1} flusher packages do not have the standard shape`,
    );
    expect(all.stdout).toMatch(/^ok +packages\/flusher-good \(@logflush\/flusher-good\)$/m);
    expect(all.stdout).not.toMatch(/flusher-leftover|packages\/core/);
  });

  it.each(broken.map((c) => [`flusher-${c.name}`, c]))(
    '%s: fails only the rules it breaks, naming each problem',
    (_folder, { name, fails }) => {
      const failures = failuresOf(name);
      expect(failures.map((line) => /\[([a-z-]+)\]/.exec(line)?.[1])).toEqual(Object.keys(fails));
      for (const [index, [rule, problem]] of Object.entries(fails).entries()) {
        expect(failures[index]).toContain(`[${rule}]: ${problem}`);
        expect(failures[index]).toMatch(/; \S.+$/); // and says what to do
      }
    },
  );

  it('passes (exit 0) a package in the standard shape given by path', () => {
    const good = checkShape('packages/flusher-good');
    expect(good.status).toBe(0);
    expect(good.stdout).toBe(
      'ok   packages/flusher-good (@logflush/flusher-good)\n1 flusher packages have the standard shape\n',
    );
  });
});
