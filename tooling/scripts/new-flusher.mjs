// pnpm new:flusher <name> [--os common|linux|windows]
//
// Creates packages/flusher-<name> (@logflush/flusher-<name>, type flusher_<name>) from
// templates/flusher, adds it to the CLI (apps/logflush/plugins.yml and package.json), writes its
// first changeset and links it with `pnpm install`. Every check runs before anything is written,
// so a refused name leaves the workspace as it was.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const templateDir = path.join(import.meta.dirname, 'templates/flusher');
const pluginsYmlPath = path.join(root, 'apps/logflush/plugins.yml');
const cliManifestPath = path.join(root, 'apps/logflush/package.json');
const sections = ['common', 'linux', 'windows'];
const usage = `usage: pnpm new:flusher <name> [--os common|linux|windows]

  <name>   the part after "flusher_": lowercase letters, digits and "_", e.g. http_json
           (type flusher_http_json, package @logflush/flusher-http-json)
  --os     the plugins.yml section the CLI loads it from (default: common)`;

function refuse(message, { showUsage = true } = {}) {
  console.error(`new:flusher: ${message}\nNothing was created.${showUsage ? `\n\n${usage}` : ''}`);
  process.exit(1);
}

function parseArgs(args) {
  let name;
  let os = 'common';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (arg === '--os') {
      os = args[++i];
    } else if (arg.startsWith('--os=')) {
      os = arg.slice('--os='.length);
    } else if (arg.startsWith('-')) {
      refuse(`unknown option ${arg}`);
    } else if (name === undefined) {
      name = arg;
    } else {
      refuse(`one name only, got "${name}" and "${arg}"`);
    }
  }
  if (name === undefined) refuse('a name is required');
  if (!sections.includes(os)) refuse(`--os must be one of ${sections.join(', ')}, got "${os}"`);
  return { name, os };
}

/** Why `name` cannot be a flusher name, or undefined when it can. */
function nameProblem(name) {
  if (!/^[a-z0-9_]+$/.test(name)) {
    const hint = name.includes('-')
      ? ` (write ${name.replaceAll('-', '_')}; the folder gets the dashes)`
      : '';
    return `"${name}" is not a valid name: use lowercase letters, digits and "_" only${hint}`;
  }
  if (name.startsWith('_') || name.endsWith('_')) return `"${name}" must not start or end with "_"`;
  // The name also becomes a TypeScript class name (http_json → HttpJsonFlusher).
  if (!/^[a-z]/.test(name)) return `"${name}" must start with a letter`;
  if (name.startsWith('flusher_')) {
    return `give the name without the "flusher_" prefix: pnpm new:flusher ${name.slice('flusher_'.length)}`;
  }
  return undefined;
}

/** The package.json of every workspace package (pnpm-workspace.yaml: packages/*, apps/*, tooling/*). */
function workspaceManifests() {
  return ['packages', 'apps', 'tooling']
    .flatMap((folder) =>
      fs
        .readdirSync(path.join(root, folder))
        .map((entry) => path.join(root, folder, entry, 'package.json')),
    )
    .filter((file) => fs.existsSync(file))
    .map((file) => ({ file, manifest: JSON.parse(fs.readFileSync(file, 'utf8')) }));
}

/** The source file of an existing package that already uses `type` as a quoted string, if any. */
function fileDefiningType(type) {
  const packagesDir = path.join(root, 'packages');
  for (const pkg of fs.readdirSync(packagesDir)) {
    const src = path.join(packagesDir, pkg, 'src');
    if (!fs.existsSync(src)) continue;
    for (const entry of fs.readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      const file = path.join(src, entry);
      if (!file.endsWith('.ts') || !fs.statSync(file).isFile()) continue;
      const text = fs.readFileSync(file, 'utf8');
      if (text.includes(`'${type}'`) || text.includes(`"${type}"`)) return file;
    }
  }
  return undefined;
}

function takenProblem({ type, packageName, dir, changesetPath }) {
  const rel = (file) => path.relative(root, file);
  if (fs.existsSync(dir)) return `${rel(dir)} already exists`;
  const owner = workspaceManifests().find(({ manifest }) => manifest.name === packageName);
  if (owner) return `${packageName} already exists (${rel(owner.file)})`;
  const definer = fileDefiningType(type);
  if (definer) return `type ${type} is already defined in ${rel(definer)}`;
  if (fs.readFileSync(pluginsYmlPath, 'utf8').includes(`"${packageName}"`)) {
    return `${packageName} is already listed in ${rel(pluginsYmlPath)}`;
  }
  if (fs.existsSync(changesetPath)) return `${rel(changesetPath)} already exists`;
  return undefined;
}

/** plugins.yml with `packageName` appended to `section` (a block list, or `[]`). */
function withPlugin(text, section, packageName) {
  const entry = `  - "${packageName}"`;
  const lines = text.split('\n');
  const header = lines.findIndex((line) => line.startsWith(`${section}:`));
  if (header === -1) return `${text.trimEnd()}\n${section}:\n${entry}\n`;
  const rest = lines[header].slice(section.length + 1).trim();
  if (rest !== '' && rest !== '[]') {
    refuse(
      `cannot add to "${lines[header]}" in apps/logflush/plugins.yml; write it as a block list`,
    );
  }
  lines[header] = `${section}:`;
  let end = header + 1;
  while (end < lines.length && /^\s+-/.test(lines[end])) end++;
  lines.splice(end, 0, entry);
  return lines.join('\n');
}

/** apps/logflush/package.json with the package added to its (sorted) dependencies. */
function withCliDependency(text, packageName) {
  const manifest = JSON.parse(text);
  const dependencies = { ...manifest.dependencies, [packageName]: 'workspace:^' };
  manifest.dependencies = Object.fromEntries(
    Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)),
  );
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function changeset(type, packageName, os) {
  return `---
'${packageName}': minor
'@logflush/cli': minor
---

First release of \`${type}\`; the \`logflush\` CLI loads it (plugins.yml, \`${os}\`).
`;
}

/** Every template file as [relative path, contents] with the placeholders filled in. */
function renderTemplate(names) {
  const fill = (text) =>
    text
      .replaceAll('__TYPE__', names.type)
      .replaceAll('__NAME__', names.name)
      .replaceAll('__DASHED__', names.dashed)
      .replaceAll('__PASCAL__', names.pascal);
  return fs
    .readdirSync(templateDir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => fs.statSync(path.join(templateDir, entry)).isFile())
    .map((entry) => [fill(entry), fill(fs.readFileSync(path.join(templateDir, entry), 'utf8'))]);
}

const { name, os } = parseArgs(process.argv.slice(2));
const problem = nameProblem(name);
if (problem) refuse(problem);

const dashed = name.replaceAll('_', '-');
const names = {
  name,
  dashed,
  type: `flusher_${name}`,
  pascal: name
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(''),
};
const packageName = `@logflush/flusher-${dashed}`;
const dir = path.join(root, 'packages', `flusher-${dashed}`);
const changesetPath = path.join(root, '.changeset', `flusher-${dashed}-first-release.md`);
const taken = takenProblem({ type: names.type, packageName, dir, changesetPath });
if (taken) refuse(taken, { showUsage: false });

// Everything is computed before the first write.
const files = renderTemplate(names);
const pluginsYml = withPlugin(fs.readFileSync(pluginsYmlPath, 'utf8'), os, packageName);
const cliManifest = withCliDependency(fs.readFileSync(cliManifestPath, 'utf8'), packageName);

for (const [relative, contents] of files) {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, contents);
}
fs.writeFileSync(pluginsYmlPath, pluginsYml);
fs.writeFileSync(cliManifestPath, cliManifest);
fs.writeFileSync(changesetPath, changeset(names.type, packageName, os));

const rel = path.relative(root, dir);
console.log(`Created ${rel} (${packageName}, type ${names.type}, ${files.length} files).
Added it to apps/logflush/plugins.yml (${os}) and to apps/logflush/package.json's dependencies.
Wrote ${path.relative(root, changesetPath)}.

pnpm install --prefer-offline --no-frozen-lockfile`);
const install = spawnSync('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile'], {
  cwd: root,
  stdio: 'inherit',
});
if (install.status !== 0) {
  console.error(
    'new:flusher: pnpm install failed; the package is written: fix the error and run pnpm install.',
  );
  process.exit(1);
}

// The names filled in change line lengths, and the README's options table is padded as
// pnpm docs:options pads it: prettier makes the new package pass pnpm format:check as it is.
console.log(`\npnpm exec prettier --write ${rel}`);
const format = spawnSync('pnpm', ['exec', 'prettier', '--write', '--log-level', 'warn', rel], {
  cwd: root,
  stdio: 'inherit',
});
if (format.status !== 0) {
  console.error(`new:flusher: prettier failed; the package is written: run pnpm format.`);
  process.exit(1);
}

console.log(`
Next (CONTRIBUTING.md walks through each step):
  pnpm build                                          # builds it with its dependencies and the CLI
  pnpm --filter ${packageName} test
  pnpm logflush run --config ${rel}/example.json --input apps/logflush/samples/app.log
  # implement it: ${rel}/README.md lists what to replace, flusher_stdout is the worked example
  pnpm build && pnpm docs:options                     # after changing src/config.ts
  pnpm lint && pnpm typecheck
  # edit the line in ${path.relative(root, changesetPath)}, then open a pull request`);
