/**
 * V8 grows the young generation of a process that allocates steadily for long (Node 24: semi-spaces
 * up to 32 MiB and more), so `logflush run`'s peak RSS kept growing with the length of a run
 * (+26% from 1M to 4M lines) while its live heap stayed at 13 MB. 16 MiB semi-spaces keep the
 * peak flat at the same CPU time. The size is fixed when the process starts, so the commands that
 * run for long start again in place (execve: the same pid, stdio and environment) with the flag.
 */
export const semiSpaceFlag = '--max-semi-space-size=16';

const longRunning = new Set(['run', 'replay']);

/** What `process.execve` needs to start this process again with `semiSpaceFlag`. */
export interface Restart {
  readonly file: string;
  readonly args: string[];
}

/**
 * The restart for a long-running command, or undefined: another command, a semi-space size given
 * already (on the command line or in NODE_OPTIONS), or no `process.execve` (Node < 22.15 / 23.11,
 * Windows), where the process runs as it is.
 */
export function youngGenerationRestart(current: {
  readonly argv: readonly string[];
  readonly execArgv: readonly string[];
  readonly execPath: string;
  readonly nodeOptions: string | undefined;
  readonly canExecve: boolean;
}): Restart | undefined {
  const command = current.argv[2];
  if (command === undefined || !longRunning.has(command) || !current.canExecve) return undefined;
  const given = [...current.execArgv, ...(current.nodeOptions ?? '').split(/\s+/)];
  if (given.some((arg) => arg.startsWith('--max-semi-space-size'))) return undefined;
  return {
    file: current.execPath,
    args: [current.execPath, semiSpaceFlag, ...current.execArgv, ...current.argv.slice(1)],
  };
}
