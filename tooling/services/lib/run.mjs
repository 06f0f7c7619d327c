// Run a short-lived command to completion with a time bound, capturing its output.
// Resolves to { out (stdout+stderr), stdout }; rejects with the output's tail.
import { spawn } from 'node:child_process';

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ timeoutMs?: number, cwd?: string, env?: NodeJS.ProcessEnv, input?: string }} [options]
 * @returns {Promise<{ out: string, stdout: string }>}
 */
export function run(cmd, args, { timeoutMs = 120_000, cwd, env, input } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) child.stdin?.end(input);
    let out = '';
    let stdout = '';
    child.stdout?.on('data', (d) => {
      out += d;
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${cmd} ${args.join(' ')} did not finish within ${timeoutMs / 1000}s\n${tail(out)}`,
        ),
      );
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise({ out, stdout });
      else
        reject(
          new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail(out)}`),
        );
    });
  });
}

export function tail(text, lines = 40) {
  return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}
