// Rates and goodput per level (docs/metrics.md § Load shapes): the request rate each level achieved, the
// share of its requests that met every objective and the good requests per second; for rate levels also
// the nominal rate, the client queue's tail, how regular the arrivals were, what never started and
// whether the level saturated. Beside the study's table in the CLI, every report and the dashboard.
import type { TableData } from '../charts/chart-model.js';
import { levelRequestRate } from '../level-figures.js';
import { fixed, MISSING, seconds } from '../format.js';
import { levelColumns, rateText } from '../levels.js';
import type { LevelSummary } from '../results.js';
import { describeSlo, type Slo } from '../slo.js';

export function loadTable(levels: readonly LevelSummary[]): TableData {
  const lead = levelColumns(levels);
  const rates = levels.some((l) => l.mode === 'rate');
  const percent = (share: number | null | undefined): string => fixed(share === null || share === undefined ? null : share * 100, 1);
  return {
    headers: [
      ...lead.headers,
      'Requests',
      'Req/s',
      'Good %',
      'Goodput req/s',
      ...(rates ? ['Rate (req/s)', 'Client queue p95 (s)', 'Arrival CV', 'Not started', 'Saturated'] : []),
    ],
    rows: levels.map((l) => [
      ...lead.cells(l),
      String(l.requests),
      fixed(levelRequestRate(l), 2),
      percent(l.goodput?.goodShare),
      fixed(l.goodput?.goodputRequestsPerSecond, 2),
      ...(rates ? rateCells(l) : []),
    ]),
  };
}

function rateCells(l: LevelSummary): string[] {
  if (l.mode !== 'rate') return [MISSING, MISSING, MISSING, MISSING, MISSING];
  const saturation = l.saturation;
  return [
    l.rate === undefined ? MISSING : rateText(l.rate),
    seconds(l.clientQueueMs?.p95, 3),
    fixed(l.arrivalCv, 2),
    l.notStarted === undefined ? MISSING : String(l.notStarted),
    saturation === undefined ? MISSING : saturation.saturated ? `yes (${saturation.reasons.join(', ')})` : 'no',
  ];
}

/** The one-line legend under the table: what each column is, with the objectives goodput was judged by. */
export function loadTableLegend(slo: Slo): string {
  return (
    "Req/s = ok requests that ended in the level's active window / its length; Good = met every objective " +
    `(${describeSlo(slo)}; an error meets none); Goodput = good requests per second of the active window. ` +
    'Rate levels: client queue = actual − scheduled start; saturated = the wait grew, starts ran late or requests failed (docs/metrics.md).'
  );
}
