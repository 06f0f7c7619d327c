#!/usr/bin/env node
// The `logflush` command: starts again with a bounded young generation where that is needed
// (young-generation.ts), before loading anything else, then runs the CLI.
import { youngGenerationRestart } from './young-generation.js';

// Node ≥ 22.15 / 23.11 on POSIX systems (newer than this package's @types/node).
const { execve } = process as {
  execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never;
};
const restart = youngGenerationRestart({
  argv: process.argv,
  execArgv: process.execArgv,
  execPath: process.execPath,
  nodeOptions: process.env.NODE_OPTIONS,
  canExecve: execve !== undefined,
});
if (restart !== undefined && execve !== undefined) execve(restart.file, restart.args, process.env);
else void import('./cli.js');
