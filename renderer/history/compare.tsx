// #/compare/<a>/<b>: two runs on the same charts (A and B prefix their series).
import { useMemo } from 'react';
import { useBridge } from '../app/bridge-context.js';
import { routeHref } from '../app/router.js';
import { useAsync } from '../app/use-async.js';
import { LevelChartGrid } from '../dashboard/level-chart-grid.js';
import { dateTime } from '../format.js';

export function Compare({ a, b }: { a: string; b: string }) {
  const bridge = useBridge();
  const [both] = useAsync(() => Promise.all([bridge.getRun(a), bridge.getRun(b)]), [bridge, a, b]);
  const runs = useMemo(
    () =>
      both.state === 'ok'
        ? [
            { name: 'A', levels: both.value[0].levels },
            { name: 'B', levels: both.value[1].levels },
          ]
        : [],
    [both],
  );
  if (both.state === 'loading') return <p className="loading">Loading both runs…</p>;
  if (both.state === 'error') return <p className="error">Could not open the runs: {both.message}</p>;
  return (
    <div className="compare">
      <section className="card">
        <h2>Compare</h2>
        <dl className="facts">
          {both.value.map((run, i) => (
            <div key={run.manifest.id} className="fact-pair">
              <dt>{i === 0 ? 'A' : 'B'}</dt>
              <dd>
                <a href={routeHref({ name: 'run', runId: run.manifest.id })}>{run.manifest.target.model}</a> · {run.manifest.target.url} ·{' '}
                {dateTime(run.manifest.startedAt)} · {run.manifest.status} · {run.manifest.host.cpuModel}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <LevelChartGrid runs={runs} />
    </div>
  );
}
