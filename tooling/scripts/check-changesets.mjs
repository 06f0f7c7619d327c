// pnpm check:changesets: every changed publishable package is named in a changeset.
//
// On a branch it compares with the merge base of HEAD and $LOGFLUSH_BASE_REF (default
// origin/main): a package whose files changed (outside test/ and CHANGELOG.md) must be named in a
// changeset that the branch adds or edits. Where there is no base to compare with (a clone
// without that ref, or HEAD is the base itself) it checks instead that every publishable package
// never released (version 0.0.0, no CHANGELOG.md) is named in some changeset, so that its first
// release is not forgotten.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const changesetDir = '.changeset';

function git(...args) {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Publishable workspace packages (pnpm-workspace.yaml: packages/*, apps/*, tooling/*). */
function publishablePackages() {
  return ['packages', 'apps', 'tooling']
    .flatMap((folder) =>
      fs.readdirSync(path.join(root, folder)).map((entry) => `${folder}/${entry}`),
    )
    .filter((dir) => fs.existsSync(path.join(root, dir, 'package.json')))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ dir, name: manifest.name, version: manifest.version }));
}

/** The package names in a changeset's front matter (`'@scope/name': minor`). */
function namesIn(file) {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  return frontMatter
    .split(/\r?\n/)
    .map((line) => /^\s*(['"]?)([^'"]+)\1\s*:\s*(major|minor|patch|none)\s*$/.exec(line)?.[2])
    .filter((name) => name !== undefined);
}

const isChangeset = (file) =>
  file.startsWith(`${changesetDir}/`) &&
  file.endsWith('.md') &&
  file !== `${changesetDir}/README.md`;

function allChangesets() {
  return fs
    .readdirSync(path.join(root, changesetDir))
    .map((name) => `${changesetDir}/${name}`)
    .filter(isChangeset);
}

/** Which changesets name each package, and a warning for names that are no package. */
function changesetIndex(files, packages) {
  const byPackage = new Map();
  for (const file of files) {
    for (const name of namesIn(file)) {
      if (!packages.some((pkg) => pkg.name === name)) {
        console.log(`  warning: ${file} names ${name}, which is no publishable package here`);
      }
      byPackage.set(name, [...(byPackage.get(name) ?? []), file]);
    }
  }
  return byPackage;
}

function report(results) {
  const missing = results.filter((result) => result.files.length === 0);
  for (const { name, note, files } of results) {
    const status = files.length > 0 ? 'ok     ' : 'MISSING';
    console.log(
      `  ${status} ${name}${note ? ` (${note})` : ''}${files.length > 0 ? `: ${files.join(', ')}` : ''}`,
    );
  }
  if (missing.length > 0) {
    console.error(
      `\ncheck:changesets: ${missing.length} package(s) without a changeset: ${missing.map((r) => r.name).join(', ')}.\n` +
        'Run `pnpm changeset`, pick these packages and describe the change (see CONTRIBUTING.md).',
    );
    process.exit(1);
  }
  console.log(`check:changesets: ${results.length} package(s) checked, all carry a changeset.`);
}

/** The branch's changes since `base` (committed, uncommitted and new files). */
function changedFiles(base) {
  const tracked = git('diff', '--name-only', base) ?? '';
  const untracked = git('ls-files', '--others', '--exclude-standard') ?? '';
  return [...new Set([...tracked.split('\n'), ...untracked.split('\n')])].filter(
    (file) => file !== '',
  );
}

function checkBranch(ref, base, packages) {
  console.log(`check:changesets: comparing with ${ref} (merge base ${base.slice(0, 12)})`);
  const changed = changedFiles(base);
  const index = changesetIndex(
    changed.filter(isChangeset).filter((file) => fs.existsSync(path.join(root, file))),
    packages,
  );
  const results = packages
    .map((pkg) => ({
      ...pkg,
      changes: changed.filter(
        (file) =>
          file.startsWith(`${pkg.dir}/`) &&
          !file.startsWith(`${pkg.dir}/test/`) &&
          file !== `${pkg.dir}/CHANGELOG.md`,
      ),
    }))
    .filter((pkg) => pkg.changes.length > 0)
    .map((pkg) => ({
      name: pkg.name,
      note: `${pkg.changes.length} changed file(s), e.g. ${pkg.changes[0]}`,
      files: index.get(pkg.name) ?? [],
    }));
  if (results.length === 0) console.log('  no publishable package changed');
  report(results);
}

function checkUnreleased(reason, packages) {
  console.log(
    `check:changesets: ${reason}; checking that every unreleased package is named in a changeset`,
  );
  const index = changesetIndex(allChangesets(), packages);
  const unreleased = packages.filter(
    (pkg) => pkg.version === '0.0.0' && !fs.existsSync(path.join(root, pkg.dir, 'CHANGELOG.md')),
  );
  for (const pkg of packages.filter((p) => !unreleased.includes(p))) {
    console.log(`  skip    ${pkg.name} ${pkg.version} (released before)`);
  }
  report(
    unreleased.map((pkg) => ({
      name: pkg.name,
      note: '0.0.0, no CHANGELOG.md',
      files: index.get(pkg.name) ?? [],
    })),
  );
}

const packages = publishablePackages();
const ref = process.env.LOGFLUSH_BASE_REF || 'origin/main';
const head = git('rev-parse', 'HEAD');
const refCommit =
  head === undefined ? undefined : git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
const base = refCommit === undefined ? undefined : git('merge-base', 'HEAD', ref);

if (head === undefined) checkUnreleased('not a git checkout', packages);
else if (refCommit === undefined) checkUnreleased(`no ${ref} to compare with`, packages);
else if (base === undefined) checkUnreleased(`HEAD and ${ref} share no history`, packages);
else if (base === head) checkUnreleased(`HEAD is ${ref} itself`, packages);
else checkBranch(ref, base, packages);
