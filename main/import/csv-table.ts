import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse';

/** A study file that cannot be read as the study's tool wrote it; the message names the file and the line. */
export class LegacyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LegacyFormatError';
  }
}

/** One data row of a study CSV, by column name, with its 1-based line number for error messages. */
export interface CsvRow {
  line: number;
  get(column: string): string;
}

/**
 * The rows of a study CSV whose header holds at least `required` (extra columns are tolerated), one at a
 * time as the file is read: the study's tool appended every run of a level to one file, and reading a
 * 200 MB file whole (text, then a table of cells) took 16 times its size in memory. It wrote these with
 * Go's encoding/csv, so a real CSV parser reads them; a header-only file has no rows.
 */
export async function* studyCsvRows(file: string, required: readonly string[]): AsyncGenerator<CsvRow> {
  const source = createReadStream(file);
  const parser = source.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: false, trim: true }));
  // pipe() does not forward a read error (a missing file): hand it to the parser, whose iteration throws it.
  source.on('error', (err) => parser.destroy(err));
  let position: Map<string, number> | null = null;
  let index = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (position === null) {
        position = headerPositions(file, cells, required);
        continue;
      }
      const line = index++ + 2;
      const at = position;
      yield { line, get: (column: string) => cells[at.get(column) ?? -1] ?? '' };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new LegacyFormatError(`${file}: not a valid CSV file (${err.message})`);
    throw err;
  } finally {
    // The consumer may stop early (a bad row): close the file.
    parser.destroy();
    source.destroy();
  }
  if (position === null) throw new LegacyFormatError(`${file}: empty file, expected a header ${required.join(',')}`);
}

function headerPositions(file: string, header: readonly string[], required: readonly string[]): Map<string, number> {
  const position = new Map(header.map((name, i) => [name, i]));
  const missing = required.filter((name) => !position.has(name));
  if (missing.length > 0) {
    throw new LegacyFormatError(`${basename(file)} has no column ${missing.join(', ')} (header: ${header.join(',')}); is it a file of the study's tool?`);
  }
  return position;
}

/** A finite number from a cell, or a LegacyFormatError naming file, line and column. */
export function numberCell(file: string, row: CsvRow, column: string): number {
  const raw = row.get(column);
  const value = raw === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) {
    throw new LegacyFormatError(`${file}:${row.line}: ${column} ${JSON.stringify(raw)} is not a number`);
  }
  return value;
}

/** Epoch ms of an RFC 3339 cell ("2025-02-02T22:04:54-03:00"), or a LegacyFormatError. */
export function timeCell(file: string, row: CsvRow, column: string): number {
  const raw = row.get(column);
  const value = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new LegacyFormatError(`${file}:${row.line}: ${column} ${JSON.stringify(raw)} is not an RFC 3339 time`);
  }
  return value;
}
