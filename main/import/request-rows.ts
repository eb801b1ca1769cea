import type { RequestRecord } from '../../common/results.js';
import { LegacyFormatError, numberCell, type CsvRow } from './csv-table.js';

/** The columns of the study's `request_summary.csv`, in its order. Times are seconds. */
export const STUDY_REQUEST_COLUMNS = [
  'RequestID',
  'TTFB',
  'TotalDuration',
  'ResponseDuration',
  'WaitingTime',
  'TokenCount',
  'StatusCode',
  'Status',
] as const;

/** One row of `request_summary.csv`, as written. */
export interface StudyRequestRow {
  requestId: number;
  /** Seconds from sending to the first non-empty `response` chunk; 0 when none came. */
  ttfbS: number;
  /** Seconds from the first token to the end: the study's "duration" excludes the wait. */
  totalDurationS: number;
  responseDurationS: number;
  /** Space-separated pieces of the streamed text: words, not tokens. */
  tokenCount: number;
  statusCode: number;
  status: string;
}

export function parseRequestRow(file: string, row: CsvRow): StudyRequestRow {
  const requestId = numberCell(file, row, 'RequestID');
  if (!Number.isInteger(requestId) || requestId < 1) {
    throw new LegacyFormatError(`${file}:${row.line}: RequestID ${row.get('RequestID')} is not a positive integer`);
  }
  return {
    requestId,
    ttfbS: numberCell(file, row, 'TTFB'),
    totalDurationS: numberCell(file, row, 'TotalDuration'),
    responseDurationS: numberCell(file, row, 'ResponseDuration'),
    tokenCount: numberCell(file, row, 'TokenCount'),
    statusCode: numberCell(file, row, 'StatusCode'),
    status: row.get('Status'),
  };
}

/** What a level's request_summary.csv holds: how many runs and rows, and the last run, the one imported. */
export interface StudyRuns {
  runs: number;
  rows: number;
  last: StudyRequestRow[];
}

/**
 * The study's tool appended every run of a level to the same file, `concurrency` rows per run, in the order
 * requests ended. Runs are cut at every `concurrency` rows as the rows stream in; each run must hold
 * RequestIDs 1..concurrency exactly once, or the file is not what the tool writes and the import refuses to
 * guess. Only the last run is kept: memory holds one run, whatever the file's size.
 */
export async function lastRun(file: string, rows: AsyncIterable<StudyRequestRow>, concurrency: number): Promise<StudyRuns> {
  let current: StudyRequestRow[] = [];
  let last: StudyRequestRow[] = [];
  let runs = 0;
  let count = 0;
  for await (const row of rows) {
    current.push(row);
    count++;
    if (current.length < concurrency) continue;
    const ids = new Set(current.map((r) => r.requestId));
    if (ids.size !== concurrency || current.some((r) => r.requestId > concurrency)) {
      const start = count - concurrency;
      throw new LegacyFormatError(
        `${file}: rows ${start + 2}–${start + concurrency + 1} do not hold RequestIDs 1..${concurrency} once each; cannot tell its runs apart`,
      );
    }
    last = current;
    current = [];
    runs++;
  }
  if (count === 0) throw new LegacyFormatError(`${file}: no request rows`);
  if (current.length > 0) {
    throw new LegacyFormatError(`${file}: ${count} rows is not a whole number of runs of ${concurrency} requests (the folder name's level)`);
  }
  return { runs, rows: count, last };
}

/** A row the study counted as a success: HTTP 200 and "Completed" (which its client wrote only after tokens came). */
export function isCompleted(row: StudyRequestRow): boolean {
  return row.statusCode === 200 && row.status === 'Completed';
}

/** TTFB + TotalDuration in ms: from sending to the end of the stream (the study's duration left the wait out). */
export function rowE2eMs(row: StudyRequestRow): number {
  return (row.ttfbS + row.totalDurationS) * 1000;
}

/**
 * A study row as a Tokenbench request record. The files keep no start time, text or chunk timing, so every
 * request of a level starts at `startedAt` (the study sent them at once), and `chunks`, `pieces` and `text`
 * stay empty. `tokensPerSecond` follows docs/metrics.md with the last token at the end of the stream:
 * (words − 1) / ResponseDuration — words per second, as `tokenSource: "words"` says.
 */
export function rowToRecord(row: StudyRequestRow, level: number, startedAt: number): RequestRecord {
  const base = {
    level,
    index: row.requestId - 1,
    startedAt,
    firstByteMs: null,
    firstAnswerMs: null,
    tokenSource: 'words' as const,
    chunks: 0,
    thinkingTokens: 0,
    itlMs: null,
    queueMs: null,
    server: null,
    text: '',
    pieces: [],
    pieceOffsetsMs: [],
    pieceKinds: '',
  };
  if (isCompleted(row)) {
    const e2eMs = rowE2eMs(row);
    const words = row.tokenCount;
    return {
      ...base,
      status: 'ok',
      error: null,
      ttftMs: row.ttfbS * 1000,
      lastTokenMs: e2eMs,
      e2eMs,
      outputTokens: words,
      tokensPerSecond: words >= 2 && row.responseDurationS > 0 ? (words - 1) / row.responseDurationS : null,
    };
  }
  return {
    ...base,
    status: 'error',
    error: studyError(row),
    // The study wrote 0 for moments that never came; a zero here would be averaged in again.
    ttftMs: null,
    lastTokenMs: null,
    e2eMs: null,
    outputTokens: row.tokenCount,
    tokensPerSecond: null,
  };
}

/**
 * What the study's client meant: it wrote status 500 both for a real HTTP 500 and for any transport error
 * (its `client.Do` failing), and "Waiting" for a request that never got a token. Neither is recoverable
 * from the file, so the message says so rather than pretend.
 */
function studyError(row: StudyRequestRow): { kind: 'http' | 'truncated'; message: string; httpStatus?: number } {
  const recorded = `the study's client recorded status ${row.statusCode} "${row.status}"`;
  if (row.statusCode !== 200) {
    const why = row.statusCode === 500 ? ' (an HTTP 500 or a transport error: its client wrote 500 for both)' : '';
    const noToken = row.tokenCount === 0 ? ', no token received' : '';
    return { kind: 'http', httpStatus: row.statusCode, message: `${recorded}${why}${noToken}` };
  }
  return { kind: 'truncated', message: `${recorded}: the stream ended without a token` };
}
