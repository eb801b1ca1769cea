// Request rate and goodput per level, and a repeated run's statistics over its repeats: the report
// model's tables (common/report/load-table.ts, repeats-table.ts), as every report shows them.
import type { ReportView } from '../../common/report/report-model.js';
import { DataTable } from '../charts/data-table.js';

export function LoadCard({ view }: { view: ReportView }) {
  return (
    <>
      <section className="card" data-table="load">
        <h3>Request rate and goodput</h3>
        <p className="definition">{view.loadLegend}</p>
        <DataTable table={view.loadTable} />
      </section>
      {view.repeats ? (
        <section className="card" data-table="repeats">
          <h3>Repeats</h3>
          <p className="definition">{view.repeats.legend}</p>
          <DataTable table={view.repeats.table} />
        </section>
      ) : null}
    </>
  );
}
