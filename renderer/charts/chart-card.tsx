// A chart block (common/charts/chart-model.ts): its title, what it plots, the chart — or why there is
// none — and its data table behind a toggle.
import { useState } from 'react';
import type { ChartBlock } from '../../common/charts/chart-model.js';
import { ChartCanvas } from './chart-canvas.js';
import { DataTable } from './data-table.js';

export function ChartCard({ block, height }: { block: ChartBlock; height?: number }) {
  const [showTable, setShowTable] = useState(false);
  return (
    <section className="card chart-card" data-chart={block.id}>
      <h3>{block.title}</h3>
      <p className="definition">{block.description}</p>
      {block.chart ? <ChartCanvas spec={block.chart} label={block.title} height={height} /> : <p className="empty">{block.unavailable ?? 'No data.'}</p>}
      {block.table.rows.length > 0 ? (
        <>
          <button type="button" className="link-button" aria-expanded={showTable} onClick={() => setShowTable((v) => !v)}>
            {showTable ? 'Hide data' : 'Show data'}
          </button>
          {showTable ? <DataTable table={block.table} /> : null}
        </>
      ) : null}
    </section>
  );
}
