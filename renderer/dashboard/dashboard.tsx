// #/runs/<id>: one finished (or interrupted) run — its report model laid out: verdict, the study's table,
// every chart with its data, energy, definitions, reports. Nothing here computes a metric.
import { STUDY_TABLE_LEGEND } from '../../common/definitions.js';
import { useBridge } from '../app/bridge-context.js';
import { playbackHref } from '../app/router.js';
import { routeHref } from '../../common/app-routes.js';
import { useAsync } from '../app/use-async.js';
import { ChartGrid } from '../charts/chart-grid.js';
import { DataTable } from '../charts/data-table.js';
import { DefinitionsCard } from './definitions-card.js';
import { EnergyCard } from './energy-card.js';
import { LoadCard } from './load-card.js';
import { RunHeader } from './run-header.js';
import { SaveReport } from './save-report.js';
import { ServerViewCards } from './server-view-card.js';
import { VerdictPanel } from './verdict-panel.js';

export function Dashboard({ runId }: { runId: string }) {
  const bridge = useBridge();
  const [detail] = useAsync(() => bridge.getRun(runId), [bridge, runId]);
  if (detail.state === 'loading') return <p className="loading">Loading run…</p>;
  if (detail.state === 'error') return <p className="error">Could not open the run: {detail.message}</p>;
  const run = detail.value;
  const { view } = run;
  return (
    <div className="dashboard">
      <RunHeader detail={run} />
      <div className="toolbar">
        <SaveReport runId={runId} />
        <a href={playbackHref(runId)}>Token-speed playback</a>
        <a href={routeHref({ name: 'history' })}>History</a>
      </div>
      {run.levels.length === 0 ? <p className="empty">This run has no finished level.</p> : null}
      <VerdictPanel verdict={view.verdict} parallelism={run.parallelism} />
      {run.levels.length > 0 ? (
        <section className="card" data-table="levels">
          <h3>Levels</h3>
          <p className="definition">{STUDY_TABLE_LEGEND}</p>
          <DataTable table={view.studyTable} />
        </section>
      ) : null}
      {run.levels.length > 0 ? <LoadCard view={view} /> : null}
      <ChartGrid blocks={view.levelCharts} />
      <ServerViewCards view={view} />
      <ChartGrid blocks={view.timelineCharts} />
      <EnergyCard energy={view.energy} />
      <ChartGrid blocks={[...view.gpuCharts, ...view.processCharts]} />
      <DefinitionsCard />
    </div>
  );
}
