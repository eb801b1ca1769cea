// #/popover: the menu-bar popover, designed for 380 × 560, in three states — idle (servers found, the
// next run, Run benchmark), running (a compact card), done (the verdict of the run that just ended).
// Full pages (live view, dashboard, playback, history) open beside it: a window in the desktop app, a tab
// in web mode. Escape hides it (desktop).
import { useEffect, useState } from 'react';
import type { RunListItem } from '../../common/api.js';
import { routeHref } from '../../common/app-routes.js';
import { useBridge } from '../app/bridge-context.js';
import { errorLine, type Async } from '../app/use-async.js';
import { DoneCard } from './done-card.js';
import { IdleView } from './idle-view.js';
import { RunningCard } from './running-card.js';
import { usePopoverData } from './use-popover-data.js';

/** The run the done state shows: the one that just ended, else the newest run measured here (not an import). */
function lastRunId(justEnded: string | null, runs: Async<RunListItem[]>): string | null {
  if (justEnded !== null) return justEnded;
  if (runs.state !== 'ok') return null;
  return runs.value.find((r) => r.status !== 'running' && r.damaged === null && !r.imported)?.id ?? null;
}

export function Popover() {
  const bridge = useBridge();
  const data = usePopoverData();
  // The done card gives way to the idle view ("New run") until another run ends.
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) void bridge.hidePopover();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [bridge]);

  async function run() {
    setBusy(true);
    setMessage(null);
    try {
      const { runId } = await bridge.startRun();
      data.started(runId);
    } catch (err) {
      setMessage(`Could not start: ${errorLine(err)}`);
    } finally {
      setBusy(false);
    }
  }

  const last = lastRunId(data.justEnded, data.runs);
  const done = data.active === null && last !== null && last !== dismissed ? last : null;
  const state = data.active ? 'running' : done ? 'done' : 'idle';

  return (
    <div className="popover" data-state={state}>
      {data.active ? <RunningCard key={data.active.runId} run={data.active} /> : null}
      {done ? (
        <>
          <DoneCard key={done} runId={done} />
          <div className="card-actions">
            <button type="button" className="primary" onClick={() => void run()} disabled={busy}>
              {busy ? 'Starting…' : 'Run again'}
            </button>
            <button type="button" onClick={() => setDismissed(done)}>
              Servers and next run
            </button>
          </div>
        </>
      ) : null}
      {state === 'idle' ? <IdleView discovery={data.discovery} settings={data.settings} status={data.status} busy={busy} onRun={() => void run()} /> : null}
      {message ? (
        <p className="error" role="alert">
          {message}
        </p>
      ) : null}
      <nav className="links" aria-label="More">
        <a href={routeHref({ name: 'setup' })}>Setup</a>
        <button type="button" className="link-button" onClick={() => void bridge.openWindow({ page: 'history' })}>
          History &amp; reports
        </button>
      </nav>
    </div>
  );
}
