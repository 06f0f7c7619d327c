// pnpm new:flusher on a copy of the workspace: the refusals, then a generated package that
// builds, lints, typechecks, passes its tests, is loaded by the CLI and passes the workspace checks.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const source = path.resolve(import.meta.dirname, '../../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-new-flusher-'));
// Read the source workspace's turbo cache (never write it), so unchanged packages are not rebuilt.
// tooling/scripts/turbo.json makes turbo build the CLI (and this package's devDependencies) first.
const turboCache = [
  `--cache-dir=${path.join(source, '.turbo/cache')}`,
  '--cache=local:r',
  '--output-logs=errors-only',
];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error ?? ''}` };
}

function expectSuccess(command, args, env) {
  const result = run(command, args, env);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.output}`);
  return result.output;
}

const generate = (...args) => run('node', ['tooling/scripts/new-flusher.mjs', ...args]);
const read = (file) => fs.readFileSync(path.join(work, file), 'utf8');

/** What the generator may write: a refused name must leave all of it unchanged. */
function snapshot() {
  return {
    packages: fs.readdirSync(path.join(work, 'packages')).sort(),
    changesets: fs.readdirSync(path.join(work, '.changeset')).sort(),
    pluginsYml: read('apps/logflush/plugins.yml'),
    cliManifest: read('apps/logflush/package.json'),
  };
}

beforeAll(() => {
  // The tracked and new (not ignored) files, as a commit of this tree would have them, without
  // the flusher packages the CLI does not ship: nothing here needs them.
  const shipped = Object.keys(
    JSON.parse(fs.readFileSync(path.join(source, 'apps/logflush/package.json'), 'utf8'))
      .dependencies,
  );
  const leftOut = fs
    .readdirSync(path.join(source, 'packages'))
    .filter((name) => name.startsWith('flusher-') && !shipped.includes(`@logflush/${name}`))
    .map((name) => `packages/${name}/`);
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: source, encoding: 'utf8' },
  )
    .split('\0')
    .filter((file) => file !== '' && !leftOut.some((dir) => file.startsWith(dir)))
    .filter((file) => fs.statSync(path.join(source, file), { throwIfNoEntry: false })?.isFile());
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.copyFileSync(path.join(source, file), path.join(work, file));
  }
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('pnpm new:flusher', () => {
  it('refuses a bad or taken name with a clear message and creates nothing', () => {
    const before = snapshot();
    /** @type {[string[], RegExp][]} */
    const refusals = [
      [[], /a name is required/],
      [['Http_Json'], /lowercase letters, digits and "_" only/],
      [['http-json'], /write http_json/],
      [['http.json'], /lowercase letters, digits and "_" only/],
      [['_http'], /must not start or end with "_"/],
      [['http_'], /must not start or end with "_"/],
      [['9http'], /must start with a letter/],
      [['flusher_http'], /without the "flusher_" prefix/],
      [['stdout'], /packages\/flusher-stdout already exists/],
      [['file'], /packages\/flusher-file already exists/],
      [['http', '--os', 'mac'], /--os must be one of common, linux, windows/],
      [['http', '--bogus'], /unknown option --bogus/],
    ];
    for (const [args, message] of refusals) {
      const { status, output } = generate(...args);
      expect(status, `new:flusher ${args.join(' ')}`).toBe(1);
      expect(output).toMatch(message);
      expect(output).toMatch(/Nothing was created/);
    }
    expect(snapshot()).toEqual(before);

    // A type already defined in a package's source, whatever its folder is called.
    const legacy = path.join(work, 'packages/flusher-stdout/src/legacy-alias.ts');
    fs.writeFileSync(legacy, "export const legacyType = 'flusher_legacy';\n");
    const { status, output } = generate('legacy');
    fs.rmSync(legacy);
    expect(status).toBe(1);
    expect(output).toMatch(
      /type flusher_legacy is already defined in packages\/flusher-stdout\/src\/legacy-alias\.ts/,
    );
    expect(snapshot()).toEqual(before);
  });

  it('creates a linked package in the standard shape, listed in plugins.yml and the CLI', () => {
    const output = expectSuccess('node', [
      'tooling/scripts/new-flusher.mjs',
      'demo_sink',
      '--os',
      'linux',
    ]);
    expect(output).toContain(
      'Created packages/flusher-demo-sink (@logflush/flusher-demo-sink, type flusher_demo_sink',
    );
    expect(output).toContain('pnpm --filter @logflush/flusher-demo-sink test');
    const dir = 'packages/flusher-demo-sink';
    for (const file of [
      'package.json',
      'tsconfig.json',
      'tsup.config.ts',
      'eslint.config.js',
      'vitest.config.ts',
      'src/index.ts',
      'src/config.ts',
      'src/demo-sink-flusher.ts',
      'test/conformance.test.ts',
      'README.md',
      'example.json',
    ]) {
      expect(fs.existsSync(path.join(work, dir, file)), file).toBe(true);
    }
    expect(JSON.parse(read(`${dir}/package.json`)).name).toBe('@logflush/flusher-demo-sink');
    expect(read(`${dir}/src/demo-sink-flusher.ts`)).toContain("'flusher_demo_sink'");
    expect(read(`${dir}/README.md`)).not.toMatch(/__[A-Z]+__/);
    expect(read('apps/logflush/plugins.yml')).toMatch(
      /\nlinux:\n {2}- "@logflush\/flusher-demo-sink"\nwindows: \[\]/,
    );
    expect(
      JSON.parse(read('apps/logflush/package.json')).dependencies['@logflush/flusher-demo-sink'],
    ).toBe('workspace:^');
    expect(read('.changeset/flusher-demo-sink-first-release.md')).toContain(
      "'@logflush/flusher-demo-sink': minor",
    );
    expect(
      fs.existsSync(
        path.join(work, 'apps/logflush/node_modules/@logflush/flusher-demo-sink/package.json'),
      ),
    ).toBe(true);
  });

  it('builds, lints, typechecks and passes its tests (the conformance suite) with no edits', () => {
    expectSuccess('pnpm', [
      'exec',
      'turbo',
      'run',
      'build',
      'lint',
      'typecheck',
      'test',
      '--filter=@logflush/flusher-demo-sink',
      ...turboCache,
    ]);
  });

  it('is loaded by the CLI, which runs its example.json', () => {
    expectSuccess('pnpm', [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@logflush/cli',
      ...turboCache,
    ]);
    expect(expectSuccess('pnpm', ['--silent', 'logflush', 'plugins'])).toMatch(
      /^flusher_demo_sink /m,
    );
    const tmp = path.join(work, 'tmp');
    fs.mkdirSync(tmp);
    expectSuccess(
      'pnpm',
      [
        '--silent',
        'logflush',
        'run',
        '--config',
        'packages/flusher-demo-sink/example.json',
        '--input',
        'apps/logflush/samples/app.log',
      ],
      { TMPDIR: tmp },
    );
    const written = fs
      .readFileSync(path.join(tmp, 'logflush-demo-sink.log'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(written).toHaveLength(
      read('apps/logflush/samples/app.log').trimEnd().split('\n').length,
    );
    expect(JSON.parse(written[0])).toHaveProperty('__time__');
  });

  it('passes the workspace checks: package shape, options tables, formatting, dependency versions, changesets', () => {
    // On the builds of the previous test (the CLI's dependencies include the new package).
    expect(expectSuccess('pnpm', ['check:shape'])).toMatch(
      /^ok +packages\/flusher-demo-sink \(@logflush\/flusher-demo-sink\)$/m,
    );
    expectSuccess('pnpm', ['check:docs']);
    expectSuccess('pnpm', ['exec', 'prettier', '--check', 'packages/flusher-demo-sink']);
    expectSuccess('pnpm', ['check:deps']);
    expect(expectSuccess('pnpm', ['check:changesets'])).toMatch(
      /ok +@logflush\/flusher-demo-sink .*flusher-demo-sink-first-release\.md/,
    );
  });
});
