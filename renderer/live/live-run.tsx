// #/live/<id>: the run in progress — level progress and ETA, live charts, telemetry, every request, Cancel.
import { useMemo, useState } from 'react';
import { useBridge } from '../app/bridge-context.js';
import { routeHref } from '../../common/app-routes.js';
import { errorLine } from '../app/use-async.js';
import { duration, fixed, integer } from '../../common/format.js';
import { compareLevels } from '../../common/levels.js';
import { studyTable } from '../../common/report/study-table.js';
import { ChartCard } from '../charts/chart-card.js';
import { DataTable } from '../charts/data-table.js';
import { liveChartBlocks } from './live-charts.js';
import type { LiveState } from './live-state.js';
import { RequestTable } from './request-table.js';
import { TelemetryGauges } from './telemetry-gauges.js';
import { useLiveRun } from './use-live-run.js';

function phaseLine(state: LiveState): string {
  const phase = state.phase;
  if (state.finished) return `Run ${state.finished.status}${state.finished.reason ? `: ${state.finished.reason}` : ''}`;
  if (phase === null) {
    // Opened mid-run (e.g. from the popover): the level's phase event came before this page listened.
    const p = state.progress;
    if (p === null) return 'Starting…';
    const concurrency = state.plannedLevels?.[p.levelIndex];
    return concurrency === undefined ? `Level ${p.levelIndex + 1} of ${p.levelCount}` : `Level ${p.levelIndex + 1}: ${concurrency} parallel`;
  }
  if (phase.phase === 'warmup') return 'Warm-up request (loads the model; not counted)';
  if (phase.phase === 'cooldown') return 'Cooling down between levels';
  return `Level ${phase.levelIndex + 1}: ${phase.label ?? `${phase.concurrency ?? '?'} parallel`}`;
}

function Progress({ state }: { state: LiveState }) {
  const p = state.progress;
  const share = p && p.total ? Math.min(1, p.done / p.total) : null;
  return (
    <section className="card progress" aria-label="Progress">
      <h2 className="phase">{phaseLine(state)}</h2>
      {p ? (
        <>
          <div className="progress-track" role="progressbar" aria-label="Requests done in this level" aria-valuemin={0} aria-valuemax={p.total ?? undefined} aria-valuenow={p.done}>
            <span className="progress-fill" style={{ width: share === null ? '100%' : `${share * 100}%` }} />
          </div>
          <dl className="facts inline">
            <dt>Level</dt>
            <dd>
              {p.levelIndex + 1} of {p.levelCount}
            </dd>
            <dt>Requests</dt>
            <dd data-progress="done">
              {integer(p.done)}
              {p.total !== null ? ` / ${integer(p.total)}` : ''}
            </dd>
            <dt>Errors</dt>
            <dd>{integer(p.errors)}</dd>
            <dt>Live tokens/s</dt>
            <dd>{fixed(p.liveTokensPerSecond, 1)}</dd>
            <dt>ETA</dt>
            <dd>{duration(p.etaMs)}</dd>
          </dl>
        </>
      ) : null}
    </section>
  );
}

export function LiveRun({ runId }: { runId: string }) {
  const bridge = useBridge();
  const state = useLiveRun(runId);
  const charts = useMemo(() => liveChartBlocks(state), [state]);
  const [cancel, setCancel] = useState<'idle' | 'asking' | string>('idle');
  const finished = state.finished !== null;
  async function doCancel() {
    setCancel('asking');
    try {
      await bridge.cancelRun(runId);
      setCancel('idle');
    } catch (err) {
      setCancel(`Could not cancel: ${errorLine(err)}`);
    }
  }
  return (
    <div className="live-run">
      <div className="toolbar">
        {finished ? null : (
          <button type="button" className="danger" onClick={doCancel} disabled={cancel === 'asking'}>
            {cancel === 'asking' ? 'Cancelling…' : 'Cancel run'}
          </button>
        )}
        {cancel !== 'idle' && cancel !== 'asking' ? <span className="error">{cancel}</span> : null}
        <a href={routeHref({ name: 'run', runId })}>{finished ? 'Open the results' : 'Results so far'}</a>
      </div>
      <Progress state={state} />
      <div className="chart-grid">
        {charts.map((block) => (
          <ChartCard key={block.id} block={block} height={200} />
        ))}
        <TelemetryGauges gpu={state.gpu} process={state.process} finished={finished} />
      </div>
      {state.levels.length > 0 ? (
        <section className="card" data-table="levels">
          <h3>Finished levels</h3>
          <DataTable table={studyTable([...state.levels].sort(compareLevels))} />
        </section>
      ) : null}
      <section className="card">
        <h3>
          Requests <span className="count">{integer(state.received)}</span>
        </h3>
        <RequestTable records={state.records} />
      </section>
    </div>
  );
}
