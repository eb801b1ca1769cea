import type { FileHandle } from 'node:fs/promises';
import { openRunFile, UnsafeRunFileError } from './run-file.js';
import type { Checked } from './run-validation.js';
import { errorCode } from './store-fs.js';

export interface JsonlContent<T> {
  records: T[];
  /** 1 when the last line was cut short (no newline, or not JSON) — what a crash mid-write leaves. Skipped. */
  tornLines: number;
  /** Damage elsewhere in the file: each skipped line, with its line number. */
  warnings: string[];
  /** The file does not exist (records is empty). */
  missing: boolean;
}

/**
 * Longest line kept. A record of ours stays far below it (stored text is capped per request, see
 * main/metrics/record.ts); a longer line is skipped, so a file with no newline at all costs at most
 * this much memory instead of all of it.
 */
export const MAX_JSONL_LINE_BYTES = 64 * 1024 * 1024;

export interface ReadJsonlOptions<T> {
  /** Checks each parsed line (a schema of common/); a line that fails is skipped with a warning saying why. */
  check?: (value: unknown) => Checked<T>;
  /** What a rejected line is called in warnings ("request record"). */
  what?: string;
  /** Longest line kept, in bytes; default MAX_JSONL_LINE_BYTES. */
  maxLineBytes?: number;
  /** The run folder, for a file deeper inside it (telemetry/): the folders between are checked too (run-file.ts). */
  within?: string;
}

const MAX_LISTED_WARNINGS = 20;

interface HeldLine {
  text: string;
  lineNo: number;
}

/**
 * Reads a JSON-lines file written by `JsonlAppender`, streaming, so files larger than a string fit.
 * Never throws for bad content: a torn last line is counted, a bad line elsewhere (or one longer than
 * `maxLineBytes`) is reported in warnings. A name that is not a regular file (a symlink, a FIFO) is not
 * read: one warning, no records.
 */
export async function readJsonl<T>(file: string, options: ReadJsonlOptions<T> = {}): Promise<JsonlContent<T>> {
  const result: JsonlContent<T> = { records: [], tornLines: 0, warnings: [], missing: false };
  let skipped = 0;
  const warn = (lineNo: number, problem: string): void => {
    skipped++;
    if (skipped <= MAX_LISTED_WARNINGS) result.warnings.push(`${file}:${lineNo}: ${problem}; line skipped`);
  };
  const accept = (text: string, lineNo: number, isLast: boolean): void => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (isLast) result.tornLines++;
      else warn(lineNo, `invalid JSON (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    if (!options.check) {
      result.records.push(value as T);
      return;
    }
    const checked = options.check(value);
    if (checked.ok) result.records.push(checked.value);
    else warn(lineNo, `not a ${options.what ?? 'valid record'} (${checked.problem})`);
  };

  // A line is only known to be the last one when the file ends, so each complete line waits one step.
  let held = null as HeldLine | null;
  let lineNo = 0;
  const completeLine = (bytes: Buffer): void => {
    lineNo++;
    const text = bytes.toString('utf8').trim();
    if (text === '') return;
    if (held) accept(held.text, held.lineNo, false);
    held = { text, lineNo };
  };

  const maxLineBytes = options.maxLineBytes ?? MAX_JSONL_LINE_BYTES;
  // The current line's bytes so far; past maxLineBytes they are dropped and the rest of the line skipped.
  let carry: Buffer[] = [];
  let carried = 0;
  let overlong = false;
  const endLine = (part: Buffer): void => {
    if (overlong) {
      lineNo++;
      warn(lineNo, `longer than ${maxLineBytes} bytes`);
      overlong = false;
    } else if (carried + part.length > maxLineBytes) {
      lineNo++;
      warn(lineNo, `longer than ${maxLineBytes} bytes`);
    } else if (carry.length > 0) {
      carry.push(part);
      completeLine(Buffer.concat(carry));
    } else {
      completeLine(part);
    }
    carry = [];
    carried = 0;
  };
  const keep = (part: Buffer): void => {
    if (overlong) return;
    if (carried + part.length > maxLineBytes) {
      overlong = true;
      carry = [];
      carried = 0;
      return;
    }
    carry.push(part);
    carried += part.length;
  };

  let handle: FileHandle;
  try {
    handle = await openRunFile(file, { within: options.within });
  } catch (err) {
    if (err instanceof UnsafeRunFileError) {
      result.warnings.push(`${err.message}; not read`);
      return result;
    }
    if (errorCode(err) !== 'ENOENT') throw err;
    result.missing = true;
    return result;
  }
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        endLine(chunk.subarray(start, nl));
        start = nl + 1;
      }
      if (start < chunk.length) keep(chunk.subarray(start));
    }
  } finally {
    await handle.close();
  }

  const last = held;
  if (overlong) {
    // An over-long last line without its newline: skipped like any other over-long line.
    if (last) accept(last.text, last.lineNo, false);
    warn(lineNo + 1, `longer than ${maxLineBytes} bytes`);
    return finish();
  }
  const tail = Buffer.concat(carry).toString('utf8').trim();
  if (tail !== '') {
    // An unterminated line is torn even if it parses: our writer ends every record with its newline.
    if (last) accept(last.text, last.lineNo, false);
    result.tornLines++;
  } else if (last) {
    accept(last.text, last.lineNo, true);
  }
  return finish();

  function finish(): JsonlContent<T> {
    if (skipped > MAX_LISTED_WARNINGS) {
      result.warnings.push(`${file}: ${skipped - MAX_LISTED_WARNINGS} more damaged line(s) skipped`);
    }
    return result;
  }
}
