import { execFile } from 'node:child_process';

export interface CommandResult {
  /** Exit code; null when the command could not start, timed out or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it failed to run at all (ENOENT, timeout …). */
  error?: string;
}

export type RunCommand = (file: string, args: readonly string[], opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv }) => Promise<CommandResult>;

/** Runs a command without a shell, bounded in time and output; never rejects. */
export const runCommand: RunCommand = (file, args, opts = {}) =>
  new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { timeout: opts.timeoutMs ?? 5000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: opts.env, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        const e = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        const code = typeof e.code === 'number' ? e.code : null;
        resolve({ code, stdout: stdout ?? '', stderr: stderr ?? '', error: code === null ? String(e.code ?? e.message) : undefined });
      },
    );
  });
