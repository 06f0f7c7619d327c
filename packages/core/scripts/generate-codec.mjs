#!/usr/bin/env node
// Generates the static LogGroup codec from proto/sls_logs.proto with protobufjs-cli (pbjs + pbts):
// src/generated/sls_logs.js (an ES module importing protobufjs/minimal.js) and sls_logs.d.ts.
// The output is gitignored and rebuilt by `pnpm generate` (part of `build`). A stamp file records a
// hash of everything the output depends on, so running it again with nothing changed does nothing.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const protoFile = join(packageDir, 'proto', 'sls_logs.proto');
const outDir = join(packageDir, 'src', 'generated');
const outputs = ['sls_logs.js', 'sls_logs.d.ts'];
const stampFile = join(outDir, '.stamp');

const pbjsArgs = [
  '--target',
  'static-module',
  '--wrap',
  'esm',
  '--dependency',
  'protobufjs/minimal.js',
  // Our own slot in protobufjs' global registry of roots, so that another library's generated
  // sls_logs code (in the shared "default" root) cannot replace the classes this codec uses.
  '--root',
  'logflush_core',
  '--keep-case',
  // Only encode/decode and the constructors they use are needed.
  '--no-create',
  '--no-verify',
  '--no-convert',
  '--no-delimited',
  '--no-typeurl',
  '--no-service',
  '--dts',
];

function inputsHash() {
  const hash = createHash('sha256');
  hash.update(readFileSync(protoFile));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const pkg of ['protobufjs-cli/package.json', 'protobufjs/package.json']) {
    hash.update(JSON.parse(readFileSync(require.resolve(pkg), 'utf8')).version);
  }
  return hash.digest('hex');
}

function isUpToDate(hash) {
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== hash) return false;
  return outputs.every((name) => existsSync(join(outDir, name)));
}

function runPbjs(outFile) {
  const { pbjs } = require('protobufjs-cli');
  return new Promise((resolve, reject) => {
    pbjs.main([...pbjsArgs, '--out', outFile, protoFile], (err) => (err ? reject(err) : resolve()));
  });
}

const hash = inputsHash();
if (isUpToDate(hash)) {
  console.log('generate-codec: src/generated is up to date');
} else {
  mkdirSync(outDir, { recursive: true });
  // Write into a scratch folder first, then move into place, so a failed or concurrent run
  // never leaves a half-written module behind.
  const scratch = mkdtempSync(join(outDir, '.tmp-'));
  try {
    await runPbjs(join(scratch, 'sls_logs.js'));
    for (const name of outputs) renameSync(join(scratch, name), join(outDir, name));
    writeFileSync(stampFile, hash);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log('generate-codec: wrote src/generated/sls_logs.js and sls_logs.d.ts');
}
