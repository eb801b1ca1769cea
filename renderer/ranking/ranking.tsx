// #/ranking/<id>/<id>/…: several runs (one per model, usually from a run of several models) ranked by the
// load each serves within the thresholds — the ranking model main builds from the runs' report models,
// laid out: the rule, the ranking table, each model per level, the charts. Nothing here computes a metric.
import { useBridge } from '../app/bridge-context.js';
import { routeHref } from '../../common/app-routes.js';
import { useAsync } from '../app/use-async.js';
import { ChartGrid } from '../charts/chart-grid.js';
import { DataTable } from '../charts/data-table.js';

export function Ranking({ runIds }: { runIds: string[] }) {
  const bridge = useBridge();
  const [ranking] = useAsync(() => bridge.getRanking(runIds), [bridge, runIds.join('/')]);
  if (ranking.state === 'loading') return <p className="loading">Ranking the runs…</p>;
  if (ranking.state === 'error') return <p className="error">Could not rank the runs: {ranking.message}</p>;
  const { view, runs, warnings } = ranking.value;
  return (
    <div className="ranking">
      <section className="card" data-table="ranking">
        <h2>Which model fits</h2>
        <p className="definition">{view.rule}</p>
        {warnings.map((w) => (
          <p key={w} className="warning">
            {w}
          </p>
        ))}
        <DataTable table={view.table} />
        <p className="muted">
          Open a run:{' '}
          {runs.map((run, i) => (
            <span key={run.runId}>
              {i > 0 ? ' · ' : ''}
              <a href={routeHref({ name: 'run', runId: run.runId })}>{run.model}</a>
            </span>
          ))}
        </p>
      </section>
      <ChartGrid blocks={view.charts} />
      <section className="card" data-table="ranking-levels">
        <h3>Each model per level</h3>
        <DataTable table={view.levelsTable} />
      </section>
    </div>
  );
}
