import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { PromptSetInfo } from '../../common/run-config.js';
import { parsePromptSet, PromptSetError, promptSetFormatOf, type PromptSet } from '../engine/workload/prompt-set.js';
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

/** Prompt sets hold many prompts: JSON and JSONL files may be larger than a prompt, up to what a string can hold. */
export const MAX_PROMPT_SET_BYTES = 256 * 1024 * 1024;

/** What `--prompt-file` gave: one prompt (a text file, as before) or a prompt set with its identity for run.json. */
export type PromptSource = { kind: 'text'; prompt: string } | { kind: 'set'; set: PromptSet; info: PromptSetInfo };

/**
 * `--prompt-file`: by extension a plain text prompt (any name but .json/.jsonl), a JSONL file or a
 * ShareGPT JSON file (main/engine/workload/prompt-set.ts). Strict UTF-8; a file that holds no prompt or a
 * malformed entry is one line naming the file and the place.
 */
export function readPromptSource(flag: string, path: string): PromptSource {
  const format = promptSetFormatOf(path);
  if (format === 'text') return { kind: 'text', prompt: readPromptFile(flag, path) };
  const stats = statFile(flag, path);
  if (stats.size > MAX_PROMPT_SET_BYTES) {
    throw new CliError(
      `${flag}: ${quote(path)} is too large (${stats.size} bytes; at most 256 MiB): take a part of it, e.g. jq -c '.[:10000][]' set.json > set.jsonl`,
    );
  }
  let bytes: Buffer;
  let text: string;
  try {
    bytes = readFileSync(path);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) throw new CliError(`${flag}: ${quote(path)} is not valid UTF-8 text`);
    throw new CliError(`${flag}: cannot read ${quote(path)} (${(error as Error).message.split('\n')[0]})`);
  }
  let set: PromptSet;
  try {
    set = parsePromptSet(text, format);
  } catch (error) {
    if (error instanceof PromptSetError) throw new CliError(`${flag}: ${quote(path)} ${error.message}`);
    throw error;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { kind: 'set', set, info: { path, sha256, format, count: set.items.length } };
}

/** Most of a CA file we read: a bundle of a few hundred certificates, not a wrong file. */
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/** `--ca FILE`: PEM certificates (at least one `BEGIN CERTIFICATE` block), as text. */
export function readCaFile(flag: string, path: string): string {
  const stats = statFile(flag, path);
  if (stats.size > MAX_CA_FILE_BYTES) throw new CliError(`${flag}: ${quote(path)} is too large for a CA file (${stats.size} bytes)`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${flag}: cannot read ${quote(path)} (${(error as Error).message.split('\n')[0]})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new CliError(`${flag}: ${quote(path)} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return text;
}
