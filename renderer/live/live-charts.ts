// Live chart descriptions: each finished request's TTFT and tokens/s in arrival order (one series per
// level), and the live aggregate tokens/s main reports with each progress event.
import type { ChartSpec, Series } from '../charts/chart-types.js';
import type { LiveState } from './live-state.js';

/** The live charts plot the most recent requests only: enough to see a trend, cheap enough to redraw 4×/s. */
export const LIVE_CHART_POINTS = 1_000;

function perRequest(state: LiveState, pick: (r: LiveState['records'][number]) => number | null): Series[] {
  const from = Math.max(0, state.records.length - LIVE_CHART_POINTS);
  const recent = state.records.slice(from);
  const offset = state.received - state.records.length + from;
  const byLevel = new Map<number, Series>();
  recent.forEach((r, i) => {
    const y = pick(r);
    if (y === null) return;
    let series = byLevel.get(r.level);
    if (!series) {
      series = { label: `×${r.level}`, points: [], scatter: true };
      byLevel.set(r.level, series);
    }
    series.points!.push({ x: offset + i + 1, y });
  });
  return [...byLevel.values()];
}

export function liveCharts(state: LiveState): Record<'ttft' | 'tokensPerSecond' | 'rate', ChartSpec> {
  return {
    ttft: {
      kind: 'line',
      xTitle: 'finished request #',
      yTitle: 'TTFT (s)',
      series: perRequest(state, (r) => (r.status === 'ok' && r.ttftMs !== null ? r.ttftMs / 1000 : null)),
    },
    tokensPerSecond: {
      kind: 'line',
      xTitle: 'finished request #',
      yTitle: 'tokens/s per request',
      series: perRequest(state, (r) => (r.status === 'ok' ? r.tokensPerSecond : null)),
    },
    rate: {
      kind: 'line',
      xTitle: 'seconds since the first update',
      yTitle: 'tokens/s (all streams)',
      series: [{ label: 'live tokens/s', points: state.rate }],
    },
  };
}
