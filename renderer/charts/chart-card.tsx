// A chart with its title, the definition of what it plots, and its data table behind a toggle.
import { useMemo, useState } from 'react';
import { ChartCanvas } from './chart-canvas.js';
import type { ChartSpec } from './chart-types.js';
import { DataTable } from './data-table.js';
import { tableFromSpec } from './spec-table.js';

export interface ChartCardProps {
  id: string;
  title: string;
  definition: string;
  spec: ChartSpec;
  /** Shown instead of the chart when there is nothing to draw (e.g. why there is no GPU data). */
  empty?: string | null;
  height?: number;
}

export function ChartCard({ id, title, definition, spec, empty, height }: ChartCardProps) {
  const [showTable, setShowTable] = useState(false);
  // Built only while shown: live charts change several times a second.
  const table = useMemo(() => (showTable ? tableFromSpec(spec) : null), [spec, showTable]);
  const hasData = spec.series.some((s) => (s.values ?? s.points ?? []).length > 0);
  return (
    <section className="card chart-card" data-chart={id}>
      <h3>{title}</h3>
      <p className="definition">{definition}</p>
      {hasData && !empty ? <ChartCanvas spec={spec} label={title} height={height} /> : <p className="empty">{empty ?? 'No data.'}</p>}
      {hasData ? (
        <>
          <button type="button" className="link-button" aria-expanded={showTable} onClick={() => setShowTable((v) => !v)}>
            {showTable ? 'Hide data' : 'Show data'}
          </button>
          {table ? <DataTable table={table} /> : null}
        </>
      ) : null}
    </section>
  );
}
