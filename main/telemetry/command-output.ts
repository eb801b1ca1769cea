// The one way telemetry runs a tool and reads what it printed (ps, lsof, system_profiler, nvidia-smi,
// rocm-smi, sw_vers): no shell, bounded in time and output, never rejects.
import { execFile } from 'node:child_process';

export interface CommandOutput {
  /** Exit code; null when the command could not start, timed out or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it failed to run at all (ENOENT, timeout …). */
  error?: string;
}

export type CaptureCommand = (file: string, args: readonly string[], opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv }) => Promise<CommandOutput>;

export const captureCommand: CaptureCommand = (file, args, opts = {}) =>
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
