// The data table of a chart that has no table of its own (the live view's charts): the exact numbers the
// canvas draws, one row per x, one column per series.
import { MISSING } from '../format.js';
import type { ChartSpec, Point, TableData } from './chart-model.js';

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const isPoints = (data: Array<number | null> | Point[]): data is Point[] => data.some((d) => d !== null && typeof d === 'object');

export function specTable(spec: ChartSpec, digits = 2): TableData {
  const cell = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? String(round(v, digits)) : MISSING);
  const headers = [spec.x.title, ...spec.series.map((s) => s.label)];
  const labels = spec.x.labels;
  if (labels) {
    const rows = labels.map((label, i) => [label, ...spec.series.map((s) => cell(isPoints(s.data) ? null : s.data[i]))]);
    return { headers, rows };
  }
  const lookups = spec.series.map((s) => new Map(isPoints(s.data) ? s.data.map((p) => [p.x, p.y]) : []));
  const xs = [...new Set(lookups.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const rows = xs.map((x) => [cell(x), ...lookups.map((m) => cell(m.get(x)))]);
  return { headers, rows };
}
