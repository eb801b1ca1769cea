import { createReadStream } from 'node:fs';
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

export interface ReadJsonlOptions<T> {
  /** Shape check for each parsed line; a line that fails it is skipped with a warning. */
  accept?: (value: unknown) => value is T;
  /** What a rejected line is called in warnings ("request record"). */
  what?: string;
}

const MAX_LISTED_WARNINGS = 20;

interface HeldLine {
  text: string;
  lineNo: number;
}

/**
 * Reads a JSON-lines file written by `JsonlAppender`, streaming, so files larger than a string fit.
 * Never throws for bad content: a torn last line is counted, a bad line elsewhere is reported in warnings.
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
    if (options.accept && !options.accept(value)) warn(lineNo, `not a ${options.what ?? 'valid record'}`);
    else result.records.push(value as T);
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

  let carry: Buffer[] = [];
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        const part = chunk.subarray(start, nl);
        completeLine(carry.length > 0 ? Buffer.concat([...carry, part]) : part);
        carry = [];
        start = nl + 1;
      }
      if (start < chunk.length) carry.push(chunk.subarray(start));
    }
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
    result.missing = true;
    return result;
  }

  const tail = Buffer.concat(carry).toString('utf8').trim();
  const last = held;
  if (tail !== '') {
    // An unterminated line is torn even if it parses: our writer ends every record with its newline.
    if (last) accept(last.text, last.lineNo, false);
    result.tornLines++;
  } else if (last) {
    accept(last.text, last.lineNo, true);
  }
  if (skipped > MAX_LISTED_WARNINGS) {
    result.warnings.push(`${file}: ${skipped - MAX_LISTED_WARNINGS} more damaged line(s) skipped`);
  }
  return result;
}
