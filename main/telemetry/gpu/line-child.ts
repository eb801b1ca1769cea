// A long-running sampler child (nvidia-smi -lms, macmon pipe) read line by line, and stopped for sure.
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

export interface LineChild {
  /** Resolves with the exit code (null when killed by a signal) once the child has ended. */
  readonly exited: Promise<number | null>;
  /** The last stderr text, trimmed, for reasons shown to the user. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone or `graceMs`×2 passed. */
  stop(graceMs?: number): Promise<void>;
}

const STDERR_KEEP = 2000;

export function spawnLines(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
): LineChild {
  let stderr = '';
  let child: ChildProcess;
  let ended = false;
  let resolveExit: (code: number | null) => void = () => undefined;
  const exited = new Promise<number | null>((resolve) => {
    resolveExit = resolve;
  });
  const finish = (code: number | null): void => {
    if (ended) return;
    ended = true;
    resolveExit(code);
  };

  try {
    child = spawn(file, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  } catch (error) {
    stderr = (error as Error).message;
    finish(null);
    return { exited, stderrTail: () => stderr, stop: async () => undefined };
  }
  // A forgotten stop() must not keep the process alive.
  child.unref();
  const decoder = new StringDecoder('utf8');
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += decoder.write(chunk);
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  child.on('error', (error) => {
    stderr = `${stderr}\n${error.message}`.trim();
    finish(null);
  });
  child.on('close', (code) => {
    pending += decoder.end();
    if (pending.trim() !== '') onLine(pending);
    pending = '';
    finish(code);
  });
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();

  return {
    exited,
    stderrTail: () => stderr.trim(),
    stop: async (graceMs = 1500) => {
      if (ended) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => {
        if (!ended) child.kill('SIGKILL');
      }, graceMs);
      killer.unref();
      const bound = new Promise<void>((resolve) => setTimeout(resolve, graceMs * 2).unref());
      await Promise.race([exited.then(() => undefined), bound]);
      clearTimeout(killer);
    },
  };
}
