// pnpm check:shape: every flusher package (packages/flusher-*) has the standard shape that
// CONTRIBUTING.md describes and `pnpm new:flusher` writes: its files, its package.json fields,
// its README's generated options table, a runnable example.json, and a built entry point that
// exports `plugin` (type flusher_<name>), `configSchema` and the flusher class. Each failure
// names the package, the rule and what to do. Runs on the built packages (pnpm build first).
//
//   node tooling/scripts/check-flusher-shape.mjs [packages/flusher-<name>]...   (default: all)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '../..');
// The markers options-table.mjs (pnpm docs:options) writes the table between.
const optionsStart = '<!-- options:start -->';
const optionsEnd = '<!-- options:end -->';
const requiredScripts = ['build', 'test', 'lint', 'typecheck', 'check:package'];
const allowedFiles = ['dist', 'example.json'];

/**
 * @typedef {{ rule: string, problem: string, fix: string }} Failure
 * @typedef {Record<string, any>} Manifest
 */

/** @param {string} file */
function readJson(file) {
  try {
    return { value: JSON.parse(fs.readFileSync(file, 'utf8')) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The package.json rules.
 * @param {Manifest} manifest
 * @param {string} dashed
 * @returns {Failure[]}
 */
function manifestFailures(manifest, dashed) {
  /** @type {Failure[]} */
  const failures = [];
  /** @type {(rule: string, ok: unknown, problem: string, fix: string) => void} */
  const expect = (rule, ok, problem, fix) => {
    if (!ok) failures.push({ rule, problem, fix });
  };
  const name = `@logflush/flusher-${dashed}`;
  expect(
    'package-name',
    manifest.name === name,
    `name is ${JSON.stringify(manifest.name)}`,
    `set "name": "${name}" (the folder is packages/flusher-${dashed})`,
  );
  expect(
    'package-type',
    manifest.type === 'module',
    `type is ${JSON.stringify(manifest.type)}`,
    'set "type": "module"',
  );
  expect(
    'package-side-effects',
    manifest.sideEffects === false,
    `sideEffects is ${JSON.stringify(manifest.sideEffects)}`,
    'set "sideEffects": false',
  );
  expect(
    'package-publish-access',
    manifest.publishConfig?.access === 'public',
    `publishConfig.access is ${JSON.stringify(manifest.publishConfig?.access)}`,
    'set "publishConfig": { "access": "public" }',
  );

  const files = manifest.files;
  expect(
    'package-files',
    Array.isArray(files) &&
      files.includes('dist') &&
      files.every((entry) => allowedFiles.includes(entry)),
    `files is ${JSON.stringify(files)}`,
    'set "files": ["dist", "example.json"]: only the build and the example are published',
  );

  const dot = isObject(manifest.exports) ? manifest.exports['.'] : undefined;
  for (const condition of ['import', 'require']) {
    const target = isObject(dot) ? dot[condition] : undefined;
    const ok =
      isObject(target) &&
      ['types', 'default'].every(
        (key) => typeof target[key] === 'string' && target[key].startsWith('./dist/'),
      );
    expect(
      `package-exports-${condition}`,
      ok,
      `exports["."].${condition} is ${JSON.stringify(target)}`,
      `give exports["."].${condition} { "types": "./dist/index.d.${condition === 'import' ? 'ts' : 'cts'}", "default": "./dist/index.${condition === 'import' ? 'js' : 'cjs'}" }, as in packages/flusher-stdout`,
    );
  }

  expect(
    'package-engines',
    typeof manifest.engines?.node === 'string' && manifest.engines.node !== '',
    `engines.node is ${JSON.stringify(manifest.engines?.node)}`,
    'set "engines": { "node": ">=20" }',
  );

  const peer = manifest.peerDependencies?.['@logflush/core'];
  expect(
    'package-core-peer',
    typeof peer === 'string' && /^(workspace:)?\^/.test(peer),
    `peerDependencies["@logflush/core"] is ${JSON.stringify(peer)}`,
    'add "@logflush/core": "workspace:^" to peerDependencies (a caret range once published)',
  );
  const dev = manifest.devDependencies?.['@logflush/core'];
  expect(
    'package-core-dev',
    typeof dev === 'string' && dev.startsWith('workspace:'),
    `devDependencies["@logflush/core"] is ${JSON.stringify(dev)}`,
    'add "@logflush/core": "workspace:*" to devDependencies',
  );

  const missingScripts = requiredScripts.filter(
    (script) => typeof manifest.scripts?.[script] !== 'string',
  );
  expect(
    'package-scripts',
    missingScripts.length === 0,
    `scripts ${missingScripts.join(', ')} missing`,
    'add them as in packages/flusher-stdout: build "tsup", test "vitest run", lint "eslint .", typecheck "tsc --noEmit", check:package "publint --strict && attw --pack . --profile node16"',
  );
  return failures;
}

/**
 * The built entry point's exports.
 * @param {string} dir
 * @param {string} type
 * @returns {Promise<Failure[]>}
 */
async function distFailures(dir, type) {
  const entry = path.join(dir, 'dist', 'index.js');
  if (!fs.existsSync(entry)) {
    return [
      {
        rule: 'dist-built',
        problem: 'dist/index.js does not exist',
        fix: 'run pnpm build (the exports are checked on the build)',
      },
    ];
  }
  /** @type {Record<string, unknown>} */
  let exports;
  try {
    exports = await import(pathToFileURL(entry).href);
  } catch (error) {
    return [
      {
        rule: 'dist-loads',
        problem: `dist/index.js fails to load: ${error instanceof Error ? error.message : String(error)}`,
        fix: 'fix the error, then pnpm build',
      },
    ];
  }
  /** @type {Failure[]} */
  const failures = [];
  const plugin = exports.plugin;
  if (!isObject(plugin)) {
    failures.push({
      rule: 'dist-plugin',
      problem: 'dist/index.js does not export `plugin`',
      fix: 'export const plugin = defineFlusher({ type, description, configSchema, createFlusher }) from src/index.ts',
    });
  } else if (
    typeof plugin.type !== 'string' ||
    !/^flusher_[a-z0-9_]+$/.test(plugin.type) ||
    plugin.type !== type
  ) {
    failures.push({
      rule: 'dist-plugin-type',
      problem: `plugin.type is ${JSON.stringify(plugin.type)}`,
      fix: `give the plugin the type "${type}" (flusher_ and the folder name with "_" for "-")`,
    });
  }
  if (exports.configSchema === undefined) {
    failures.push({
      rule: 'dist-config-schema',
      problem: 'dist/index.js does not export `configSchema`',
      fix: "export { configSchema } from './config.js' in src/index.ts",
    });
  }
  const isClass = (/** @type {unknown} */ value) =>
    typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
  if (!Object.values(exports).some(isClass)) {
    failures.push({
      rule: 'dist-flusher-class',
      problem: 'dist/index.js exports no class',
      fix: 'export the flusher class from src/index.ts (e.g. export { StdoutFlusher } from ./stdout-flusher.js)',
    });
  }
  return failures;
}

/**
 * Every rule for one packages/flusher-* folder.
 * @param {string} dir
 * @returns {Promise<{ name: string, failures: Failure[] }>}
 */
export async function checkFlusherShape(dir) {
  const dashed = path.basename(dir).slice('flusher-'.length);
  const type = `flusher_${dashed.replaceAll('-', '_')}`;
  /** @type {Failure[]} */
  const failures = [];

  const requiredFiles = [
    'src/index.ts',
    'src/config.ts',
    `src/${dashed}-flusher.ts`,
    'test/conformance.test.ts',
    'README.md',
    'example.json',
    'package.json',
  ];
  for (const file of requiredFiles) {
    if (!fs.existsSync(path.join(dir, file))) {
      failures.push({
        rule: 'files',
        problem: `${file} is missing`,
        fix: `add ${file} (pnpm new:flusher writes each of these; see CONTRIBUTING.md, "The package shape")`,
      });
    }
  }

  const manifest = readJson(path.join(dir, 'package.json'));
  const folder = path.relative(root, dir);
  const name =
    typeof manifest.value?.name === 'string' ? `${folder} (${manifest.value.name})` : folder;
  if (manifest.error && fs.existsSync(path.join(dir, 'package.json'))) {
    failures.push({
      rule: 'package-json',
      problem: `package.json is not valid JSON: ${manifest.error}`,
      fix: 'fix package.json',
    });
  } else if (manifest.value) {
    failures.push(...manifestFailures(manifest.value, dashed));
  }

  const readmePath = path.join(dir, 'README.md');
  if (fs.existsSync(readmePath)) {
    const readme = fs.readFileSync(readmePath, 'utf8');
    const from = readme.indexOf(optionsStart);
    const to = readme.indexOf(optionsEnd);
    if (from === -1 || to === -1 || to < from) {
      failures.push({
        rule: 'readme-options-table',
        problem: `README.md has no ${optionsStart} … ${optionsEnd} block`,
        fix: `add the two markers under "## Options", then run pnpm build && pnpm docs:options`,
      });
    }
  }

  if (fs.existsSync(path.join(dir, 'example.json'))) {
    const example = readJson(path.join(dir, 'example.json'));
    if (example.error) {
      failures.push({
        rule: 'example-json',
        problem: `example.json is not valid JSON: ${example.error}`,
        fix: 'fix example.json',
      });
    } else if (
      !Array.isArray(example.value?.flushers) ||
      !example.value.flushers.some(
        (/** @type {any} */ flusher) => isObject(flusher) && flusher.type === type,
      )
    ) {
      failures.push({
        rule: 'example-json',
        problem: `example.json has no "flushers" entry of type "${type}"`,
        fix: `make it a pipeline config: { "flushers": [{ "type": "${type}", "detail": { … } }] } that pnpm logflush run can use as is`,
      });
    }
  }

  failures.push(...(await distFailures(dir, type)));
  return { name, failures };
}

/** packages/flusher-* folders with a package.json or a src folder. */
function flusherDirs() {
  const packagesDir = path.join(root, 'packages');
  return fs
    .readdirSync(packagesDir)
    .filter((entry) => entry.startsWith('flusher-'))
    .map((entry) => path.join(packagesDir, entry))
    .filter(
      (dir) =>
        fs.existsSync(path.join(dir, 'package.json')) || fs.existsSync(path.join(dir, 'src')),
    )
    .sort();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const dirs = args.length > 0 ? args.map((arg) => path.resolve(arg)) : flusherDirs();
  let failed = 0;
  for (const dir of dirs) {
    const { name, failures } = await checkFlusherShape(dir);
    if (failures.length === 0) {
      console.log(`ok   ${name}`);
      continue;
    }
    failed++;
    for (const { rule, problem, fix } of failures)
      console.log(`FAIL ${name} [${rule}]: ${problem}; ${fix}`);
  }
  if (dirs.length === 0) console.log('no packages/flusher-* packages');
  if (failed > 0) {
    console.error(
      `${failed} of ${dirs.length} flusher packages do not have the standard shape (CONTRIBUTING.md, "The package shape")`,
    );
    process.exit(1);
  }
  console.log(`${dirs.length} flusher packages have the standard shape`);
}
