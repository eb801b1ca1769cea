// #/runs/<id>: one finished (or interrupted) run — verdict, every chart with its data, energy, reports.
import { useMemo } from 'react';
import { useBridge } from '../app/bridge-context.js';
import { playbackHref, routeHref } from '../app/router.js';
import { useAsync } from '../app/use-async.js';
import { EnergyTable } from './energy-table.js';
import { LevelChartGrid } from './level-chart-grid.js';
import { LevelTable } from './level-table.js';
import { RunHeader } from './run-header.js';
import { SaveReport } from './save-report.js';
import { TelemetryChartGrid } from './telemetry-chart-grid.js';
import { VerdictPanel } from './verdict-panel.js';

export function Dashboard({ runId }: { runId: string }) {
  const bridge = useBridge();
  const [detail] = useAsync(() => bridge.getRun(runId), [bridge, runId]);
  const runs = useMemo(() => (detail.state === 'ok' ? [{ name: '', levels: detail.value.levels }] : []), [detail]);
  if (detail.state === 'loading') return <p className="loading">Loading run…</p>;
  if (detail.state === 'error') return <p className="error">Could not open the run: {detail.message}</p>;
  const run = detail.value;
  const gpuStatus = run.manifest.telemetry?.gpu;
  return (
    <div className="dashboard">
      <RunHeader detail={run} />
      <div className="toolbar">
        <SaveReport runId={runId} />
        <a href={playbackHref(runId)}>Token-speed playback</a>
        <a href={routeHref({ name: 'history' })}>History</a>
      </div>
      {run.levels.length === 0 ? <p className="empty">This run has no finished level.</p> : null}
      <VerdictPanel verdict={run.verdict} parallelism={run.parallelism} />
      {run.levels.length > 0 ? (
        <section className="card" data-table="levels">
          <h3>Levels</h3>
          <p className="definition">Averages and percentiles over ok requests only; t/s = decode speed per request; Duration = E2E.</p>
          <LevelTable levels={run.levels} />
        </section>
      ) : null}
      <LevelChartGrid runs={runs} />
      <EnergyTable levels={run.levels} reason={gpuStatus && !gpuStatus.available ? (gpuStatus.reason ?? null) : null} />
      <TelemetryChartGrid detail={run} />
    </div>
  );
}
