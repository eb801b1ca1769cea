// The server's view beside ours, the conversations' turns and the lengths reached (issue 14), as the run's
// report model lays them out; nothing computed here.
import type { ReportView } from '../../common/report/report-model.js';
import { ChartGrid } from '../charts/chart-grid.js';
import { DataTable } from '../charts/data-table.js';

export function ServerViewCards({ view }: { view: ReportView }) {
  return (
    <>
      <ChartGrid blocks={view.turns ? [view.serverView, view.turns] : [view.serverView]} />
      {view.lengthReach ? (
        <section className="card" data-table="length-reach">
          <h3>Output lengths reached</h3>
          <p className="definition">Answers with at least the output tokens they asked for (--max-tokens, --ignore-eos).</p>
          <DataTable table={view.lengthReach} />
        </section>
      ) : null}
    </>
  );
}

/** The workload and the server's settings as header facts (dt/dd pairs). */
export function RunFacts({ view }: { view: ReportView }) {
  const rows = [...view.workload, ...view.serverSettings];
  if (rows.length === 0) return null;
  return (
    <dl className="facts" data-facts="workload">
      {rows.map(([label, value], i) => (
        <div key={`${label}-${i}`} className="fact-pair">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
