// The README's test command: builds, starts the real services that packages' tests declare
// (package.json "testServices": ["kafka", "s3"]), runs every test (the packages' `test` scripts
// three at a time, then their `test:outage` scripts one at a time), and stops the services again,
// also when a test fails. The suites run on the workspace's Node (24, the root devDependency
// `node`); `--node20` runs them on Node 20 instead, the lowest version the published packages
// support (engines.node >=20), from the npm registry's `node@20` package cached outside the repo:
// the suites of the published packages (packages/*, apps/*), not the workspace tooling's own test.
// Other arguments go to `turbo run test` (e.g. --filter=@logflush/core).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const onNode20 = process.argv.includes('--node20');
const extraArgs = process.argv.slice(2).filter((arg) => arg !== '--node20');
// The newest Node 20 on the registry; `node@20` resolves to it on the first run.
const node20Spec = 'node@20';

function declaredServices() {
  const services = new Set();
  for (const folder of ['packages', 'apps']) {
    const base = path.join(root, folder);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base)) {
      const manifest = path.join(base, name, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      for (const service of JSON.parse(fs.readFileSync(manifest, 'utf8')).testServices ?? []) {
        services.add(service);
      }
    }
  }
  return [...services];
}

// Not under $HOME: some tests drop root privileges to "nobody", who must be able to run it.
const node20Cache = path.join(os.tmpdir(), 'logflush-node20');

/** The folder holding Node 20's real `node` binary (not a shim), installed once from the registry. */
function node20Bin() {
  const cache = node20Cache;
  const bin = path.join(cache, 'node_modules', 'node', 'bin');
  if (!fs.existsSync(path.join(bin, 'node'))) {
    fs.mkdirSync(cache, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', node20Spec],
      { cwd: cache, stdio: 'inherit' },
    );
    if (!fs.existsSync(path.join(bin, 'node'))) {
      throw new Error(`${node20Spec} installed no ${bin}/node: did npm skip its install script?`);
    }
  }
  return bin;
}

/**
 * A shell for pnpm's `script-shell` that puts `bin` first on PATH. pnpm puts the package's and
 * the workspace root's node_modules/.bin ahead of the PATH it was given before it runs a script,
 * and the root's .bin holds the workspace's `node` (24): only a step inside the script's own
 * shell comes after that.
 */
function scriptShell(bin) {
  const shell = path.join(node20Cache, 'script-shell.sh');
  const text = `#!/bin/sh\n# pnpm test:node20: every package script runs with Node 20 first on PATH.\nPATH='${bin}':"$PATH"\nexport PATH\nexec /bin/sh "$@"\n`;
  if (!fs.existsSync(shell) || fs.readFileSync(shell, 'utf8') !== text) {
    fs.writeFileSync(shell, text, { mode: 0o755 });
  }
  return shell;
}

const env = { ...process.env };
// Three suites at a time on this 2-core class of machine: several start processes or real
// services, and their timeouts bound hangs, not speed. One failing suite does not stop the others.
const turboArgs = ['run', 'test', '--concurrency=3', '--continue=dependencies-successful'];
if (onNode20) {
  const bin = node20Bin();
  const shell = scriptShell(bin);
  env.PATH = `${bin}${path.delimiter}${env.PATH}`;
  env.npm_config_script_shell = shell;
  // Part of the test task's hash (turbo.json): Node 20 results are cached apart from Node 24's.
  env.LOGFLUSH_TEST_NODE = '20';
  // What a package script sees: pnpm's .bin folders ahead of PATH, then the script shell.
  const seen = execFileSync(shell, ['-c', 'node --version'], {
    env: { ...env, PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${env.PATH}` },
    encoding: 'utf8',
  }).trim();
  if (!seen.startsWith('v20.'))
    throw new Error(`package scripts would run on Node ${seen}, not 20`);
  console.log(`tests on Node ${seen} (${bin})`);
} else {
  console.log(`tests on Node ${process.version} (${process.execPath})`);
}
if (onNode20 && !extraArgs.some((arg) => arg.startsWith('--filter'))) {
  turboArgs.push('--filter=./packages/*', '--filter=./apps/*');
}
turboArgs.push(...extraArgs);

const services = declaredServices();
const servicesScript = path.join(root, 'tooling/services/bin/services.mjs');
const runServices = (action) =>
  spawnSync(process.execPath, [servicesScript, action, ...services], {
    cwd: root,
    stdio: 'inherit',
  });

let status = 1;
try {
  if (services.length > 0) {
    const up = runServices('up');
    if (up.status !== 0) throw new Error(`starting ${services.join(', ')} failed`);
  }
  const turbo = (args) =>
    spawnSync('pnpm', ['exec', 'turbo', ...args], { cwd: root, env, stdio: 'inherit' }).status ?? 1;
  const suites = turbo(turboArgs);
  // Then the tests that stop or restart a shared service (*.outage.test.ts), one package at a
  // time, so that no other suite runs while the broker or the S3 server is away.
  console.log('\noutage tests (they stop and restart the services), one package at a time\n');
  const outage = turbo(
    turboArgs.map((arg) =>
      arg === 'test' ? 'test:outage' : arg === '--concurrency=3' ? '--concurrency=1' : arg,
    ),
  );
  status = suites !== 0 ? suites : outage;
} catch (error) {
  console.error(String(error));
} finally {
  if (services.length > 0) runServices('down');
}
process.exit(status);
