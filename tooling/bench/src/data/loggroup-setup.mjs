/**
 * What the LogGroup cases share: one ~250 KB group as a Node Buffer (as it arrives from a file or
 * socket), and protobufjs' reflection codec built from @logflush/core's own sls_logs.proto the way a
 * typical user builds it: Root.fromJSON(descriptor) + lookupType.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeLogGroup, encodeLogGroup } from '@logflush/core';
import protobuf from 'protobufjs';
import { makeLogGroup } from './loggroup.mjs';

const require = createRequire(import.meta.url);

function reflectionLogGroupType() {
  const protoFile = join(
    dirname(require.resolve('@logflush/core/package.json')),
    'proto',
    'sls_logs.proto',
  );
  // What `pbjs -t json --keep-case` would write to a .json file for the user to load.
  const descriptor = protobuf
    .parse(readFileSync(protoFile, 'utf8'), { keepCase: true })
    .root.toJSON();
  return protobuf.Root.fromJSON(descriptor).lookupType('sls_logs.LogGroup');
}

export function setupLogGroupCodecs() {
  const group = makeLogGroup({ logs: 1000, contents: 10 });
  const buffer = Buffer.from(encodeLogGroup(group));
  const reflection = reflectionLogGroupType();
  const check = reflection.encode(reflection.decode(buffer)).finish();
  if (!buffer.equals(check))
    throw new Error('the reflection codec does not round-trip the benchmark group');
  return { group, buffer, reflection, decodeLogGroup, encodeLogGroup, logCount: group.Logs.length };
}
