// The data table behind every chart: the exact numbers the canvas draws, one row per x.
import type { ChartSpec, TableData } from './chart-types.js';

export function tableFromSpec(spec: ChartSpec, digits = 2): TableData {
  const cell = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? String(round(v, digits)) : '—');
  const columns = [spec.xTitle, ...spec.series.map((s) => s.label)];
  if (spec.labels) {
    const rows = spec.labels.map((label, i) => [label, ...spec.series.map((s) => cell(s.values?.[i]))]);
    return { columns, rows };
  }
  const xs = [...new Set(spec.series.flatMap((s) => (s.points ?? []).map((p) => p.x)))].sort((a, b) => a - b);
  const lookups = spec.series.map((s) => new Map((s.points ?? []).map((p) => [p.x, p.y])));
  const rows = xs.map((x) => [cell(x), ...lookups.map((m) => cell(m.get(x)))]);
  return { columns, rows };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
