// #/popover: the menu-bar popover — server status, last result, one-click run, cancel, links.
import { useState } from 'react';
import { useBridge } from '../app/bridge-context.js';
import { navigate, playbackHref, routeHref } from '../app/router.js';
import { errorLine, useAsync } from '../app/use-async.js';
import { duration, fixed, integer } from '../../common/format.js';
import { ServerStatusView } from './server-status.js';
import { useActiveRun } from './use-active-run.js';

export function Popover() {
  const bridge = useBridge();
  const [status, reloadStatus] = useAsync(() => bridge.getStatus(), [bridge]);
  const [runs] = useAsync(() => bridge.listRuns(), [bridge]);
  const [active, setActive] = useActiveRun();
  const [action, setAction] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const last = runs.state === 'ok' ? runs.value.find((r) => r.status !== 'running') : undefined;

  async function run() {
    setBusy(true);
    setAction(null);
    try {
      const { runId } = await bridge.startRun();
      setActive(runId);
      navigate({ name: 'live', runId });
    } catch (err) {
      setAction(`Could not start: ${errorLine(err)}`);
    } finally {
      setBusy(false);
    }
  }

  async function cancel(runId: string) {
    try {
      await bridge.cancelRun(runId);
    } catch (err) {
      setAction(`Could not cancel: ${errorLine(err)}`);
    }
  }

  return (
    <div className="popover">
      {status.state === 'loading' ? <p className="loading">Looking for the server…</p> : null}
      {status.state === 'error' ? <p className="error">Status unavailable: {status.message}</p> : null}
      {status.state === 'ok' ? <ServerStatusView status={status.value} /> : null}
      <button type="button" className="link-button" onClick={reloadStatus}>
        Refresh
      </button>

      <section className="card last-result" aria-label="Last result">
        <h3>Last result</h3>
        {last ? (
          <p>
            <a href={routeHref({ name: 'run', runId: last.id })} data-last-run={last.id}>
              {last.headline ?? `${last.model} · ${last.status}`}
            </a>
          </p>
        ) : (
          <p className="muted">{runs.state === 'loading' ? '…' : 'No run yet.'}</p>
        )}
      </section>

      {active ? (
        <section className="card active-run" aria-label="Run in progress">
          <p>
            <a href={routeHref({ name: 'live', runId: active.runId })}>Run in progress</a>
            {active.progress
              ? ` · level ${active.progress.levelIndex + 1}/${active.progress.levelCount} · ${integer(active.progress.done)}${
                  active.progress.total !== null ? `/${integer(active.progress.total)}` : ''
                } done · ${fixed(active.progress.liveTokensPerSecond, 1)} t/s · ETA ${duration(active.progress.etaMs)}`
              : ''}
          </p>
          <button type="button" className="danger" onClick={() => cancel(active.runId)}>
            Cancel
          </button>
        </section>
      ) : (
        <button type="button" className="primary run-button" onClick={run} disabled={busy}>
          {busy ? 'Starting…' : 'Run benchmark'}
        </button>
      )}
      {action ? <p className="error">{action}</p> : null}

      <nav className="links">
        <a href={routeHref({ name: 'setup' })}>Setup</a>
        {last ? <a href={routeHref({ name: 'run', runId: last.id })}>Dashboard</a> : null}
        <a href={routeHref({ name: 'history' })}>History &amp; reports</a>
        <a href={playbackHref(last?.id)}>Playback</a>
      </nav>
    </div>
  );
}
