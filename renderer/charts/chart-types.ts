// What a chart shows, independent of chart.js: the same description feeds the canvas and its data table.

/** A series over categories (one value per label) or over a numeric x (points). */
export interface Series {
  label: string;
  values?: Array<number | null>;
  points?: Array<{ x: number; y: number | null }>;
  /** Right-hand axis. */
  right?: boolean;
  /** Points only, no line (per-request scatter). */
  scatter?: boolean;
  dashed?: boolean;
  /** Stack group for bar charts. */
  stack?: string;
}

/** A shaded x-range labelled on top (a level's window on a time chart). */
export interface Band {
  from: number;
  to: number;
  label: string;
}

export interface ChartSpec {
  kind: 'line' | 'bar';
  /** Category labels (concurrency levels …); absent for numeric-x charts. */
  labels?: string[];
  series: Series[];
  xTitle: string;
  yTitle: string;
  y2Title?: string;
  bands?: Band[];
  stacked?: boolean;
}

export interface TableData {
  columns: string[];
  rows: string[][];
}
