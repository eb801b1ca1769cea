import type { LevelSummary } from '../../common/results.js';
import { DataTable } from '../charts/data-table.js';
import { fixed, integer } from '../format.js';
import { DEF } from './definitions.js';

export function EnergyTable({ levels, reason }: { levels: LevelSummary[]; reason: string | null }) {
  const withEnergy = levels.filter((l) => l.energy);
  return (
    <section className="card" data-chart="energy">
      <h3>Energy</h3>
      <p className="definition">{DEF.energy}</p>
      {withEnergy.length === 0 ? (
        <p className="empty">{reason ?? 'No power samples covered the levels.'}</p>
      ) : (
        <DataTable
          table={{
            columns: ['Parallel', 'Joules', 'Mean W', 'J / token', 'tokens / J', 'CPU+GPU+ANE J / token', 'Source', 'Samples'],
            rows: withEnergy.map((l) => {
              const e = l.energy!;
              return [
                String(l.concurrency),
                fixed(e.joules, 1),
                fixed(e.watts, 1),
                fixed(e.joulesPerToken, 3),
                fixed(e.tokensPerJoule, 2),
                fixed(e.combinedJoulesPerToken ?? null, 3),
                e.source,
                integer(e.samples),
              ];
            }),
          }}
        />
      )}
    </section>
  );
}
