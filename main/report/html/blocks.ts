// The model of an HTML report page: plain JSON the page's inline script turns into DOM nodes with
// textContent only. Everything a person reads is computed before (the report model, in Node); the page
// only lays it out and draws the charts (common/charts/chart-model.ts).
import type { ChartBlock, TableData } from '../../../common/charts/chart-model.js';
import type { VerdictCard } from '../../../common/report/verdict-view.js';

export type Block =
  | { type: 'paragraph'; text: string; tone?: 'warning' | 'note' | 'headline' }
  | { type: 'facts'; rows: Array<[string, ...string[]]>; headers?: string[] }
  | { type: 'table'; caption?: string; table: TableData }
  | ({ type: 'chart' } & ChartBlock)
  | { type: 'answer'; caption: string; thinking: string; answer: string }
  | { type: 'cards'; cards: VerdictCard[] }
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

export function chartBlocks(blocks: readonly ChartBlock[]): Block[] {
  return blocks.map((block) => ({ type: 'chart', ...block }));
}
