// What a chart or a table shows, independent of chart.js and of the page that draws it: plain JSON the
// dashboard (React, renderer/charts/chart-canvas.tsx) and the HTML report (its inline script,
// main/report/html/client-script.ts) both draw, so a chart reads the same on screen and in a file.

/** A table of display strings, header first; every cell already formatted (common/format.ts). */
export interface TableData {
  headers: string[];
  rows: string[][];
}

export interface Point {
  x: number;
  y: number | null;
}

export interface Series {
  label: string;
  /** One value per category label, or points on a linear x axis; null is a gap, never zero. */
  data: Array<number | null> | Point[];
  /** From common/charts/palette.ts. */
  color: string;
  dashed?: boolean;
  /** 'y2' puts the series on the right-hand axis. */
  axis?: 'y' | 'y2';
  /** Bars with the same stack pile up. */
  stack?: string;
  /** Points only, no line (one dot per request). */
  scatter?: boolean;
  /**
   * Category charts: an interval per value (the 95 % confidence interval of a mean over repeats), drawn
   * as an error bar from `low` to `high`; null where there is none.
   */
  intervals?: Array<{ low: number; high: number } | null>;
}

/** A shaded span of the x axis, e.g. a level's window on a telemetry chart (x in seconds). */
export interface Band {
  from: number;
  to: number;
  label: string;
  /** Translucent fill, from common/charts/palette.ts. */
  color: string;
}

export interface AxisSpec {
  title: string;
  min?: number;
  max?: number;
}

export interface ChartSpec {
  kind: 'line' | 'bar';
  /** A category axis has one label per value (concurrency levels, histogram bins); a linear one takes points. */
  x: AxisSpec & { type: 'category' | 'linear'; labels?: string[] };
  y: AxisSpec;
  y2?: AxisSpec;
  stacked?: boolean;
  series: Series[];
  bands?: Band[];
}

/** One chart as every screen and report shows it: title, what it plots, the chart, its data table. */
export interface ChartBlock {
  /** Stable id: the dashboard's data-chart attribute, the report's figure id. */
  id: string;
  title: string;
  description: string;
  /** null when there is nothing to draw; `unavailable` then says why. */
  chart: ChartSpec | null;
  unavailable?: string;
  table: TableData;
}

/** A chart block whose chart is null without data. */
export function chartBlock(id: string, title: string, description: string, chart: ChartSpec | null, table: TableData, unavailable?: string): ChartBlock {
  return { id, title, description, chart, table, ...(unavailable ? { unavailable } : {}) };
}
