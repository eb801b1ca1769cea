// The popover during a run: a compact card — level k of n, progress, live tokens/s, errors, ETA —
// with Cancel and the full live view in a window of its own.
import { useState } from 'react';
import { duration, fixed, integer, MISSING } from '../../common/format.js';
import { useBridge } from '../app/bridge-context.js';
import { errorLine } from '../app/use-async.js';
import { NotifyControl } from '../notifications/notify-control.js';
import { useFocusOnMount } from './focus-on-mount.js';
import type { ActiveRun } from './use-popover-data.js';

function phaseText(run: ActiveRun): string {
  const phase = run.phase;
  if (phase === null) return run.progress ? `Level ${run.progress.levelIndex + 1}` : 'Starting…';
  if (phase.phase === 'warmup') return 'Warm-up request (loads the model; not counted)';
  if (phase.phase === 'cooldown') return 'Cooling down between levels';
  return `${phase.concurrency ?? '?'} parallel`;
}

export function RunningCard({ run }: { run: ActiveRun }) {
  const bridge = useBridge();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [cancel, setCancel] = useState<'idle' | 'asking' | string>('idle');
  const p = run.progress;
  const share = p && p.total ? Math.min(1, p.done / p.total) : null;

  async function doCancel() {
    setCancel('asking');
    try {
      await bridge.cancelRun(run.runId);
    } catch (err) {
      setCancel(`Could not cancel: ${errorLine(err)}`);
    }
  }

  return (
    <section className="card running-card" aria-labelledby="running-title" data-run={run.runId}>
      <h2 id="running-title" tabIndex={-1} ref={heading}>
        {p ? `Level ${p.levelIndex + 1} of ${p.levelCount}` : 'Run starting'}
      </h2>
      <p className="muted phase-line">{phaseText(run)}</p>
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Requests done in this level"
        aria-valuemin={0}
        aria-valuemax={p?.total ?? undefined}
        aria-valuenow={p?.done ?? 0}
      >
        <span className="progress-fill" style={{ width: share === null ? (p ? '100%' : '0%') : `${share * 100}%` }} />
      </div>
      <dl className="running-facts">
        <div>
          <dt>Requests</dt>
          <dd data-running="done">
            {p ? integer(p.done) : MISSING}
            {p && p.total !== null ? ` / ${integer(p.total)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Live tokens/s</dt>
          <dd data-running="tps">{fixed(p?.liveTokensPerSecond, 1)}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd data-running="errors">{p ? integer(p.errors) : MISSING}</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd data-running="eta">{duration(p?.etaMs)}</dd>
        </div>
      </dl>
      <div className="card-actions">
        <button type="button" className="danger" onClick={() => void doCancel()} disabled={cancel === 'asking'}>
          {cancel === 'asking' ? 'Cancelling…' : 'Cancel run'}
        </button>
        <button type="button" onClick={() => void bridge.openWindow({ page: 'live', runId: run.runId })}>
          Open live view
        </button>
      </div>
      {cancel !== 'idle' && cancel !== 'asking' ? <p className="error">{cancel}</p> : null}
      <NotifyControl />
    </section>
  );
}
