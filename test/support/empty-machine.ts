// The environment of a machine where no model is on disk and OLLAMA_HOST is unset: every folder the
// built-in engine's model finder reads (main/serve/local-models.ts) points into a fresh empty home, so
// a run with no server found uses the demo model whatever this machine holds.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function emptyMachine(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'tokenbench-empty-home-'));
  mkdirSync(join(home, 'ollama'));
  return {
    HOME: home,
    USERPROFILE: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    HF_HOME: join(home, 'hf'),
    HF_HUB_CACHE: join(home, 'hf', 'hub'),
    LLAMA_CACHE: join(home, 'llama.cpp'),
    // Set, so the Linux service install's folder is not read either.
    OLLAMA_MODELS: join(home, 'ollama'),
    OLLAMA_HOST: '',
  };
}

/** Whether a process with this PID exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
