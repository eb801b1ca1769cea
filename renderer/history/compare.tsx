// #/compare/<a>/<b>: two runs on the same charts (A solid, B dashed), drawn by the same builders as the
// HTML compare report (common/charts/level-charts.ts).
import { useMemo } from 'react';
import { levelChartBlocks } from '../../common/charts/level-charts.js';
import { dateTime } from '../../common/format.js';
import { useBridge } from '../app/bridge-context.js';
import { routeHref } from '../../common/app-routes.js';
import { useAsync } from '../app/use-async.js';
import { ChartGrid } from '../charts/chart-grid.js';

export function Compare({ a, b }: { a: string; b: string }) {
  const bridge = useBridge();
  const [both] = useAsync(() => Promise.all([bridge.getRun(a), bridge.getRun(b)]), [bridge, a, b]);
  const blocks = useMemo(
    () =>
      both.state === 'ok'
        ? levelChartBlocks([
            { name: 'A', levels: both.value[0].levels, records: both.value[0].requests, dashed: false, repeats: both.value[0].repeats },
            { name: 'B', levels: both.value[1].levels, records: both.value[1].requests, dashed: true, repeats: both.value[1].repeats },
          ])
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
      <ChartGrid blocks={blocks} />
    </div>
  );
}
