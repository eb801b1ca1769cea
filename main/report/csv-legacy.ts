import type { RequestRecord } from '../../common/results.js';
import type { Column } from './csv-columns.js';

/** The study's client wrote 500 for any request that failed without an HTTP status (its transport errors). */
const STUDY_TRANSPORT_ERROR_STATUS = 500;

/** Seconds with 3 decimals, as the study's tool printed them; a moment that never came is 0.000, as it wrote. */
function studySeconds(ms: number | null): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function studyStatusCode(r: RequestRecord): number {
  if (r.status === 'ok') return 200;
  return r.error?.httpStatus ?? STUDY_TRANSPORT_ERROR_STATUS;
}

/** The study's rule: "Waiting" until a token came, then "Completed" or "Error <status>". */
function studyStatus(r: RequestRecord): string {
  if (r.status === 'ok') return 'Completed';
  return r.outputTokens > 0 ? `Error ${studyStatusCode(r)}` : 'Waiting';
}

/**
 * The columns of the study's `request_summary.csv`, in its order and units, so its pandas scripts read a
 * Tokenbench run: RequestID is 1-based, TotalDuration and ResponseDuration run from the first token to the
 * end (the study's definition, without the wait), WaitingTime = TTFB. TokenCount is `outputTokens`: real
 * tokens here, where the study counted words. `Concurrency` is added last — the study kept one file per
 * level — and scripts that select columns by name ignore it.
 */
export const LEGACY_REQUEST_COLUMNS: Column<RequestRecord>[] = [
  { name: 'RequestID', value: (r) => r.index + 1 },
  { name: 'TTFB', value: (r) => studySeconds(r.ttftMs) },
  { name: 'TotalDuration', value: (r) => studySeconds(responseMs(r)) },
  { name: 'ResponseDuration', value: (r) => studySeconds(responseMs(r)) },
  { name: 'WaitingTime', value: (r) => studySeconds(r.ttftMs) },
  { name: 'TokenCount', value: (r) => r.outputTokens },
  { name: 'StatusCode', value: studyStatusCode },
  { name: 'Status', value: studyStatus },
  { name: 'Concurrency', value: (r) => r.level },
];

/** First token to the end of the response; null when either moment is missing. */
function responseMs(r: RequestRecord): number | null {
  return r.e2eMs !== null && r.ttftMs !== null ? r.e2eMs - r.ttftMs : null;
}
