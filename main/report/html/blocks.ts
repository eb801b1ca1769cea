// The model of an HTML report page: plain JSON the page's inline script turns into DOM nodes with
// textContent only. Everything a person reads is computed here (in Node), the page only draws it.

export interface TableData {
  headers: string[];
  rows: string[][];
}

export interface ChartSeries {
  label: string;
  /** One value per category label, or points on a linear x axis; null is a gap, never zero. */
  data: Array<number | null> | Array<{ x: number; y: number | null }>;
  color: string;
  dashed?: boolean;
  /** 'y2' puts the series on the right-hand axis. */
  axis?: 'y' | 'y2';
  /** Bars with the same stack pile up. */
  stack?: string;
}

/** A shaded span of the x axis, e.g. a level's window on a telemetry chart (x in seconds). */
export interface Band {
  from: number;
  to: number;
  label: string;
}

export interface AxisSpec {
  title: string;
  min?: number;
  max?: number;
}

export interface ChartSpec {
  kind: 'line' | 'bar';
  x: AxisSpec & { type: 'category' | 'linear'; labels?: string[] };
  y: AxisSpec;
  y2?: AxisSpec;
  stacked?: boolean;
  series: ChartSeries[];
  bands?: Band[];
}

export type Block =
  | { type: 'paragraph'; text: string; tone?: 'warning' | 'note' | 'headline' }
  | { type: 'facts'; rows: Array<[string, ...string[]]>; headers?: string[] }
  | { type: 'table'; caption?: string; table: TableData }
  | {
      type: 'chart';
      id: string;
      title: string;
      description: string;
      /** null when there is nothing to draw; `unavailable` then says why. */
      chart: ChartSpec | null;
      unavailable?: string;
      table: TableData;
    }
  | { type: 'answer'; caption: string; thinking: string; answer: string }
  | { type: 'cards'; cards: Array<{ label: string; value: string; detail: string; tone: 'good' | 'bad' | 'neutral' }> }
  | { type: 'definitions'; items: Array<{ term: string; text: string }> };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface ReportPage {
  title: string;
  subtitle: string;
  sections: Section[];
}
