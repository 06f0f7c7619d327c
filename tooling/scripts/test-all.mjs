// The README's test command: builds, starts the real services that packages' tests declare
// (package.json "testServices": ["kafka", "s3"]), runs every test, and stops the services again,
// also when a test fails. `--node24` runs the suites on Node 24 (from the npm registry's `node`
// package, cached outside the repo) instead of the machine's Node.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const onNode24 = process.argv.includes('--node24');

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

function node24Bin() {
  // Not under $HOME: some tests drop root privileges to "nobody", who must be able to run it.
  const cache = path.join(os.tmpdir(), 'logflush-node24');
  const bin = path.join(cache, 'node_modules', '.bin');
  if (!fs.existsSync(path.join(bin, 'node'))) {
    fs.mkdirSync(cache, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'node@24'], {
      cwd: cache,
      stdio: 'inherit',
    });
  }
  return bin;
}

const env = { ...process.env };
// Three suites at a time on this 2-core class of machine: several start processes or real
// services, and their timeouts bound hangs, not speed. One failing suite does not stop the others.
const turboArgs = ['run', 'test', '--concurrency=3', '--continue=dependencies-successful'];
if (onNode24) {
  env.PATH = `${node24Bin()}${path.delimiter}${env.PATH}`;
  turboArgs.push('--force');
  console.log(`tests on Node ${execFileSync('node', ['--version'], { env, encoding: 'utf8' }).trim()}`);
}

const services = declaredServices();
const servicesScript = path.join(root, 'tooling/services/bin/services.mjs');
const runServices = (action) =>
  spawnSync(process.execPath, [servicesScript, action, ...services], { cwd: root, stdio: 'inherit' });

let status = 1;
try {
  if (services.length > 0) {
    const up = runServices('up');
    if (up.status !== 0) throw new Error(`starting ${services.join(', ')} failed`);
  }
  status = spawnSync('pnpm', ['exec', 'turbo', ...turboArgs], { cwd: root, env, stdio: 'inherit' }).status ?? 1;
} catch (error) {
  console.error(String(error));
} finally {
  if (services.length > 0) runServices('down');
}
process.exit(status);
