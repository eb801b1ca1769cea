import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './errors.js';
/** File paths are quoted whole (JSON-escaped, so still one line): a shortened path is no help. */
const quote = (path: string): string => JSON.stringify(path);

/** A prompt is sent with every request; anything this large is a wrong file, not a prompt. */
export const MAX_PROMPT_FILE_BYTES = 16 * 1024 * 1024;

function statFile(flag: string, path: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'unknown error'})`;
    throw new CliError(`${flag}: ${why}: ${quote(path)}`);
  }
  if (!stats.isFile()) throw new CliError(`${flag}: not a regular file: ${quote(path)}`);
  return stats;
}

/**
 * The text of `--prompt-file`: strict UTF-8 (a mis-encoded prompt would silently change what is
 * measured), BOM dropped, trailing line breaks dropped (editors add one; `$(cat file)` drops them
 * too), and never empty or blank.
 */
export function readPromptFile(flag: string, path: string): string {
  const stats = statFile(flag, path);
  if (stats.size > MAX_PROMPT_FILE_BYTES) {
    throw new CliError(`${flag}: ${quote(path)} is too large (${stats.size} bytes; at most 16 MiB)`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (error) {
    if (error instanceof TypeError) throw new CliError(`${flag}: ${quote(path)} is not valid UTF-8 text`);
    throw new CliError(`${flag}: cannot read ${quote(path)} (${(error as Error).message.split('\n')[0]})`);
  }
  const prompt = text.replace(/(\r?\n)+$/, '');
  if (prompt.trim() === '') throw new CliError(`${flag}: ${quote(path)} is empty`);
  return prompt;
}

const GGUF_MAGIC = 'GGUF';

/**
 * `--gguf FILE`: checked for the GGUF magic now, so a typo fails in milliseconds with one line
 * instead of after the engine has started. Returns the absolute path.
 */
export function checkGgufFile(flag: string, path: string): string {
  statFile(flag, path);
  const head = Buffer.alloc(GGUF_MAGIC.length);
  let read: number;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new CliError(`${flag}: cannot read (${code}): ${quote(path)}`);
  }
  if (read < head.length || head.toString('latin1') !== GGUF_MAGIC) {
    throw new CliError(`${flag}: ${quote(path)} is not a GGUF model file (no GGUF header)`);
  }
  return resolve(path);
}
