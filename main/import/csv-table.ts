import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';

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
 * The rows of a study CSV whose header holds at least `required` (extra columns are tolerated). The study's
 * Go tool wrote these with encoding/csv, so a real CSV parser reads them; a header-only file has no rows.
 */
export async function readStudyCsv(file: string, required: readonly string[]): Promise<CsvRow[]> {
  const text = await readFile(file, 'utf8');
  let table: string[][];
  try {
    table = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  } catch (err) {
    throw new LegacyFormatError(`${file}: not a valid CSV file (${err instanceof Error ? err.message : String(err)})`);
  }
  const [header, ...body] = table;
  if (!header) throw new LegacyFormatError(`${file}: empty file, expected a header ${required.join(',')}`);
  const position = new Map(header.map((name, i) => [name, i]));
  const missing = required.filter((name) => !position.has(name));
  if (missing.length > 0) {
    throw new LegacyFormatError(`${basename(file)} has no column ${missing.join(', ')} (header: ${header.join(',')}); is it a file of the study's tool?`);
  }
  return body.map((cells, i) => ({
    line: i + 2,
    get: (column: string) => cells[position.get(column) ?? -1] ?? '',
  }));
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
