// The report's stylesheet, inlined. Screen: a readable single column; print: charts and tables never
// split across pages, the table of contents and toggles go away (the script opens every data table).
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d232a; --muted: #5b6570; --line: #d9dee3; --good: #2e7d4f; --bad: #b03a2e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
#report { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { font-size: 24px; margin: 0 0 4px; overflow-wrap: anywhere; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 8px 0 12px; border-bottom: 1px solid var(--line); }
nav.toc a { color: #1f6fb2; text-decoration: none; }
section { margin-top: 28px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 2px; }
.description { color: var(--muted); margin: 0 0 8px; }
.chart-block { margin: 0 0 26px; padding: 12px 14px; border: 1px solid var(--line); border-radius: 6px; }
.chart-box { position: relative; height: 300px; }
.unavailable { color: var(--muted); font-style: italic; padding: 20px 0; }
details.data-toggle summary { cursor: pointer; color: #1f6fb2; margin-top: 8px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
table.data th, table.data td { border: 1px solid var(--line); padding: 3px 8px; text-align: right; }
table.data th { background: #f3f5f7; }
table.data caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.facts th { text-align: left; padding: 3px 16px 3px 0; vertical-align: top; white-space: nowrap; color: var(--muted); font-weight: 600; }
table.facts td { padding: 3px 16px 3px 0; overflow-wrap: anywhere; white-space: pre-wrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; margin-bottom: 12px; }
.card { border: 1px solid var(--line); border-left: 5px solid var(--muted); border-radius: 6px; padding: 10px 12px; }
.card.tone-good { border-left-color: var(--good); }
.card.tone-bad { border-left-color: var(--bad); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.card .value { font-size: 20px; font-weight: 650; margin: 2px 0; }
.card .detail { color: var(--muted); font-size: 12px; }
p.tone-warning { background: #fff4e5; border-left: 4px solid #e08a00; padding: 6px 10px; }
p.tone-note { color: var(--muted); font-style: italic; }
p.tone-headline { font-size: 15px; font-weight: 600; }
.answer-block pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 10px; font: 13px/1.5 ui-monospace, Menlo, Consolas, monospace; }
.answer-block .label { font-size: 12px; font-weight: 600; text-transform: uppercase; color: var(--muted); }
.thinking { background: #f4f1fa; border-left: 4px solid #7b3fa0; padding: 6px 10px; margin-bottom: 8px; }
.thinking pre { color: #4d3b63; font-style: italic; }
.answer { background: #f2f7fb; border-left: 4px solid #1f6fb2; padding: 6px 10px; }
dl.definitions dt { font-weight: 600; margin-top: 8px; }
dl.definitions dd { margin: 2px 0 0 18px; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  #report { max-width: none; padding: 0; }
  nav.toc, details.data-toggle > summary { display: none; }
  section { break-inside: auto; }
  h2, h3 { break-after: avoid; }
  .chart-block, .card, .answer-block .thinking, .answer-block .answer, table.facts tr, table.data tr, dl.definitions dd { break-inside: avoid; }
  .chart-box { height: 250px; }
  canvas { max-width: 100% !important; }
  table.data thead { display: table-header-group; }
}
`;
