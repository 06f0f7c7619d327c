// Packs every published package, installs the tarballs with npm into a fresh folder outside the
// workspace, and loads each one with both `import` and `require`: a missing file or a wrong
// export map fails here before it fails a user.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-pack-'));
const tarballs = path.join(work, 'tarballs');
const consumer = path.join(work, 'consumer');
fs.mkdirSync(tarballs);
fs.mkdirSync(consumer);

const packageDirs = ['packages', 'apps']
  .flatMap((folder) =>
    fs.readdirSync(path.join(root, folder)).map((name) => path.join(root, folder, name)),
  )
  .filter((dir) => fs.existsSync(path.join(dir, 'package.json')));
const published = packageDirs
  .map((dir) => ({
    dir,
    manifest: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => manifest.private !== true);

// As a user's machine would run them: without the NODE_PATH that pnpm's bin shims (the
// workspace's `node` among them) set, which would let a missing dependency resolve from the
// workspace, and with this Node binary itself first on PATH for `#!/usr/bin/env node` bins.
/** @type {NodeJS.ProcessEnv} */
const consumerEnv = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
};
delete consumerEnv.NODE_PATH;
const run = (command, args, cwd) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: consumerEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });

for (const { dir } of published) run('pnpm', ['pack', '--pack-destination', tarballs], dir);
const files = fs.readdirSync(tarballs).map((name) => path.join(tarballs, name));
fs.writeFileSync(
  path.join(consumer, 'package.json'),
  JSON.stringify({ name: 'consumer', private: true }),
);
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], consumer);

// What each package must export, checked through both module systems.
const probes = {
  '@logflush/core': `
    const list = { logGroupList: [{ Logs: [{ Time: 1, Contents: [{ Key: 'k', Value: 'v' }] }], LogTags: [] }] };
    const bytes = m.encodeLogGroupList(list);
    if (m.decodeLogGroupList(bytes).logGroupList[0].Logs[0].Contents[0].Value !== 'v') throw new Error('codec round trip');
    if (typeof m.FlusherRegistry !== 'function' || typeof m.defineFlusher !== 'function') throw new Error('registry exports');`,
  '@logflush/testkit': `
    if (typeof m.describeFlusherConformance !== 'function' || typeof m.mockContext !== 'function') throw new Error('testkit exports');`,
  // Loads flusher_stdout from the consumer's installed tarball, as an app's pipeline would.
  '@logflush/pipeline': `
    m.createPipeline({ flushers: [{ type: 'flusher_stdout', detail: { OnlyStdout: true } }] })
      .then((p) => { p.write({ msg: 'pack check' }); return p.close(); })
      .then((o) => { if (o.delivered !== 1) throw new Error('delivered ' + o.delivered); })
      .catch((error) => { console.error(error); process.exit(1); });`,
  '@logflush/pino': `
    if (typeof (m.default ?? m) !== 'function') throw new Error('pino transport export');`,
  '@logflush/winston': `
    if (typeof m.LogflushTransport !== 'function') throw new Error('winston transport export');`,
  '@logflush/cli': `
    if (typeof m.PipelineRunner !== 'function' || typeof m.loadPipelineFile !== 'function') throw new Error('cli exports');`,
};
const flusherProbe = `
    if (!/^flusher_[a-z0-9_]+$/.test(m.plugin.type)) throw new Error('plugin type');
    if (typeof m.plugin.create !== 'function') throw new Error('plugin.create');`;

let failures = 0;
// A package with a bin must also run it as an installed command.
for (const { manifest } of published) {
  for (const bin of Object.keys(manifest.bin ?? {})) {
    try {
      const output = run(
        path.join(consumer, 'node_modules', '.bin', bin),
        ['plugins', '--json'],
        consumer,
      );
      if (!JSON.parse(output).some((plugin) => plugin.type === 'flusher_stdout'))
        throw new Error('no flusher_stdout');
      console.log(`ok   ${manifest.name} (bin ${bin})`);
    } catch (error) {
      failures++;
      console.log(
        `FAIL ${manifest.name} (bin ${bin}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
for (const { manifest } of published) {
  const probe = probes[manifest.name] ?? flusherProbe;
  const checks = {
    import: `const m = await import(${JSON.stringify(manifest.name)});${probe}`,
    require: `const m = require(${JSON.stringify(manifest.name)});${probe}`,
  };
  for (const [kind, source] of Object.entries(checks)) {
    const args = kind === 'import' ? ['--input-type=module', '-e', source] : ['-e', source];
    try {
      run(process.execPath, args, consumer);
      console.log(`ok   ${manifest.name} (${kind})`);
    } catch {
      failures++;
      console.log(`FAIL ${manifest.name} (${kind})`);
    }
  }
}
fs.rmSync(work, { recursive: true, force: true });
if (failures > 0) {
  console.error(`${failures} pack check(s) failed`);
  process.exit(1);
}
console.log(`${published.length} packages packed, installed and loaded through import and require`);
