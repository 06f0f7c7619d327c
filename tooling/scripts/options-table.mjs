// Writes each flusher package's README options table from its config schema (one source of
// truth), between <!-- options:start --> and <!-- options:end -->, and formats the README with
// the repo's prettier config (so `pnpm format:check` covers the READMEs too). With --check it
// changes nothing and fails when a README is out of date. Runs on the built packages.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import prettier from 'prettier';

const root = path.resolve(import.meta.dirname, '../..');
const check = process.argv.includes('--check');
const start = '<!-- options:start -->';
const end = '<!-- options:end -->';

function typeOf(schema) {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  if (schema.type === 'array') return `${typeOf(schema.items ?? {})}[]`;
  if (schema.type === 'object') return schema.properties ? 'object' : 'map';
  return schema.type ?? 'any';
}

function rows(properties, required, prefix) {
  return Object.entries(properties).flatMap(([name, schema]) => {
    const option = `${prefix}${name}`;
    const defaultValue =
      schema.default === undefined
        ? required.includes(name)
          ? 'required'
          : ''
        : `\`${JSON.stringify(schema.default)}\``;
    const description = (schema.description ?? '').replaceAll('|', '\\|');
    const row = `| \`${option}\` | ${typeOf(schema)} | ${defaultValue} | ${description} |`;
    const nested =
      schema.type === 'object' && schema.properties
        ? rows(schema.properties, schema.required ?? [], `${option}.`)
        : [];
    return [row, ...nested];
  });
}

export function optionsTable(jsonSchema) {
  return [
    '| Option | Type | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows(jsonSchema.properties ?? {}, jsonSchema.required ?? [], ''),
  ].join('\n');
}

let stale = 0;
const packagesDir = path.join(root, 'packages');
for (const name of fs.readdirSync(packagesDir).filter((n) => n.startsWith('flusher-'))) {
  const dir = path.join(packagesDir, name);
  const readmePath = path.join(dir, 'README.md');
  const { plugin } = await import(pathToFileURL(path.join(dir, 'dist/index.js')).href);
  const readme = fs.readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to === -1) {
    console.error(`${readmePath}: missing ${start} … ${end} markers`);
    stale++;
    continue;
  }
  const updated = await prettier.format(
    `${readme.slice(0, from + start.length)}\n${optionsTable(plugin.jsonSchema())}\n${readme.slice(to)}`,
    { ...(await prettier.resolveConfig(readmePath)), filepath: readmePath },
  );
  if (updated === readme) continue;
  if (check) {
    console.error(
      `${path.relative(root, readmePath)}: options table is out of date; run pnpm docs:options`,
    );
    stale++;
  } else {
    fs.writeFileSync(readmePath, updated);
    console.log(`updated ${path.relative(root, readmePath)}`);
  }
}
if (stale > 0) process.exit(1);
