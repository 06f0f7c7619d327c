// Baseline for the CLI benchmark: the least a line-to-JSON tool does — stream the file, split
// lines, JSON.stringify({ content, __time__ }) each, write to stdout in chunks.
import fs from 'node:fs';

const time = String(Math.floor(Date.now() / 1000));
let carry = '';
for await (const chunk of fs.createReadStream(process.argv[2], {
  highWaterMark: 256 * 1024,
  encoding: 'utf8',
})) {
  const lines = (carry + chunk).split('\n');
  carry = lines.pop() ?? '';
  let out = '';
  for (const line of lines)
    if (line !== '') out += `${JSON.stringify({ content: line, __time__: time })}\n`;
  if (!process.stdout.write(out))
    await new Promise((resolve) => process.stdout.once('drain', resolve));
}
if (carry !== '') process.stdout.write(`${JSON.stringify({ content: carry, __time__: time })}\n`);
