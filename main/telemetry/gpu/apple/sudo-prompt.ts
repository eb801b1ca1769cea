// sudo-prompt, the one way Tokenbench asks for the administrator password (powermetrics, once per run).
import { createRequire } from 'node:module';

/** sudo-prompt's `exec` signature, injectable so tests never touch a real password prompt. */
export type SudoExec = (
  command: string,
  options: { name?: string },
  callback: (error?: Error, stdout?: string | Buffer, stderr?: string | Buffer) => void,
) => void;

/** sudo-prompt's exec, loaded only when powermetrics is the GPU source. */
export async function loadSudoPrompt(): Promise<SudoExec> {
  // sudo-prompt is CommonJS; require keeps its `exec` intact.
  const require = createRequire(import.meta.url);
  const mod = require('sudo-prompt') as { exec: SudoExec };
  return mod.exec;
}
