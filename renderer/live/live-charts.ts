// Live chart blocks: each finished request's TTFT and tokens/s in arrival order (one series per level),
// and the live aggregate tokens/s main reports with each progress event. The same ChartSpec as every chart.
import { chartBlock, type ChartBlock, type ChartSpec, type Point, type Series } from '../../common/charts/chart-model.js';
import { seriesColor } from '../../common/charts/palette.js';
import { specTable } from '../../common/charts/spec-table.js';
import { definitionLine, METRIC } from '../../common/definitions.js';
import { rateText, recordLevelKey } from '../../common/levels.js';
import type { LiveState } from './live-state.js';

/** The live charts plot the most recent requests only: enough to see a trend, cheap enough to redraw 4×/s. */
export const LIVE_CHART_POINTS = 1_000;

function perRequest(state: LiveState, pick: (r: LiveState['records'][number]) => number | null): Series[] {
  const from = Math.max(0, state.records.length - LIVE_CHART_POINTS);
  const recent = state.records.slice(from);
  const offset = state.received - state.records.length + from;
  const byLevel = new Map<string, { label: string; data: Point[] }>();
  recent.forEach((r, i) => {
    const y = pick(r);
    if (y === null) return;
    const key = recordLevelKey(r);
    const series = byLevel.get(key);
    if (series) series.data.push({ x: offset + i + 1, y });
    else byLevel.set(key, { label: seriesLabel(r), data: [{ x: offset + i + 1, y }] });
  });
  return [...byLevel.values()].map(({ label, data }, i) => ({ label, data, color: seriesColor(i), scatter: true }));
}

/** "×4" for a concurrency level, "2/s" for a rate level; a later repeat says which ("×4 #2"). */
function seriesLabel(r: LiveState['records'][number]): string {
  const level = r.rate !== undefined ? `${rateText(r.rate)}/s` : `×${r.level}`;
  return (r.repeat ?? 0) > 0 ? `${level} #${(r.repeat ?? 0) + 1}` : level;
}

function line(xTitle: string, yTitle: string, series: Series[]): ChartSpec {
  return { kind: 'line', x: { type: 'linear', title: xTitle, min: 0 }, y: { title: yTitle, min: 0 }, series };
}

/** A block with a chart only once there is a point to draw; its table is the drawn numbers. */
function liveBlock(id: string, title: string, description: string, spec: ChartSpec): ChartBlock {
  const hasData = spec.series.some((s) => s.data.length > 0);
  return chartBlock(id, title, description, hasData ? spec : null, specTable(spec));
}

export function liveChartBlocks(state: LiveState): ChartBlock[] {
  return [
    liveBlock(
      'live-ttft',
      'TTFT per request',
      definitionLine(METRIC.ttft),
      line('finished request #', 'TTFT (s)', perRequest(state, (r) => (r.status === 'ok' && r.ttftMs !== null ? r.ttftMs / 1000 : null))),
    ),
    liveBlock(
      'live-tokens-per-second',
      'Tokens/s per request',
      definitionLine(METRIC.tokensPerSecond),
      line('finished request #', 'tokens/s per request', perRequest(state, (r) => (r.status === 'ok' ? r.tokensPerSecond : null))),
    ),
    liveBlock(
      'live-rate',
      'Live aggregate tokens/s',
      'Tokens of all streams per second over the last moments, as the engine reports it.',
      line('seconds since the first update', 'tokens/s (all streams)', [{ label: 'live tokens/s', data: state.rate, color: seriesColor(0) }]),
    ),
  ];
}
