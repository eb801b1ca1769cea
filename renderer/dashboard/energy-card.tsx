// The energy table of the run's report model, or why there is none.
import { METRIC, definitionLine } from '../../common/definitions.js';
import type { EnergyView } from '../../common/report/energy-table.js';
import { DataTable } from '../charts/data-table.js';

export function EnergyCard({ energy }: { energy: EnergyView }) {
  return (
    <section className="card" data-chart="energy">
      <h3>Energy</h3>
      <p className="definition">{definitionLine(METRIC.energy)}</p>
      {energy.type === 'table' ? <DataTable table={energy.table} /> : <p className="empty">{energy.text}</p>}
    </section>
  );
}
