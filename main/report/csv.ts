import { stringify } from 'csv-stringify/sync';
import type { ReportModel } from '../../common/report/report-model.js';
import { GPU_COLUMNS, LEVEL_COLUMNS, PROCESS_COLUMNS, REQUEST_COLUMNS, type Cell, type Column } from './csv-columns.js';
import { LEGACY_REQUEST_COLUMNS } from './csv-legacy.js';

export const CSV_TABLES = ['requests', 'levels', 'gpu', 'process'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

export interface CsvOptions {
  /** Which table; one CSV file holds one table. Default `requests`. */
  table?: CsvTable;
  /** `requests` only: the study's request_summary.csv columns. */
  legacy?: boolean;
}

export function isCsvTable(value: string): value is CsvTable {
  return (CSV_TABLES as readonly string[]).includes(value);
}

/**
 * One table of a run as RFC 4180 CSV (header row, CRLF, fields quoted when they hold a comma, quote or line
 * break). Numbers are written in full precision; an empty field means "missing", never zero. Text that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading `'`: model output
 * is untrusted.
 */
export function renderCsv(model: ReportModel, options: CsvOptions = {}): string {
  const table = options.table ?? 'requests';
  if (options.legacy && table !== 'requests') throw new RangeError(`legacy columns exist only for the requests table, not ${table}`);
  switch (table) {
    case 'requests':
      return toCsv(options.legacy ? LEGACY_REQUEST_COLUMNS : REQUEST_COLUMNS, model.requests);
    case 'levels':
      return toCsv(LEVEL_COLUMNS, model.levels);
    case 'gpu':
      // A run without that telemetry stream (not sampled, or none available) gives a header-only table.
      return toCsv(GPU_COLUMNS, model.telemetry.gpu);
    case 'process':
      return toCsv(PROCESS_COLUMNS, model.telemetry.process);
    default:
      throw new RangeError(`unknown CSV table ${JSON.stringify(table)}; tables: ${CSV_TABLES.join(', ')}`);
  }
}

function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells: Cell[][] = rows.map((row) => columns.map((c) => finite(c.value(row))));
  return stringify(cells, {
    header: true,
    columns: columns.map((c) => c.name),
    record_delimiter: '\r\n',
    // With CRLF records, csv-stringify quotes only fields holding a full CRLF; RFC 4180 wants any line break quoted.
    quoted_match: /[\r\n]/,
    escape_formulas: true,
    cast: { boolean: (value) => String(value) },
  });
}

/** NaN or ±Infinity would print as words a reader cannot parse back; they are missing values. */
function finite(value: Cell): Cell {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** The CSV part of the report options; an unknown table is a RangeError (the CLI checks `--table` first). */
export function csvOptions(options: { table?: string; legacy?: boolean }): CsvOptions {
  const { table, legacy } = options;
  if (table !== undefined && !isCsvTable(table)) {
    throw new RangeError(`unknown CSV table ${JSON.stringify(table)}; tables: ${CSV_TABLES.join(', ')}`);
  }
  return { table, legacy };
}
