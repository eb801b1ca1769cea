// The popover with no run going on: the servers found, what the next run measures (server, model,
// profile) and Run benchmark.
import type { ServerDiscovery, ServerStatus } from '../../common/api.js';
import type { Settings } from '../../common/settings.js';
import type { Async } from '../app/use-async.js';
import { NotifyControl } from '../notifications/notify-control.js';
import { FoundServerList } from '../servers/found-servers.js';
import { defaultTargetText, sameServer } from '../servers/server-text.js';
import { profileLine } from '../setup/profile-text.js';
import { ServerStatusView } from './server-status.js';

function FoundServers({ discovery, chosenUrl }: { discovery: Async<ServerDiscovery>; chosenUrl: string | null }) {
  return (
    <section className="card" aria-labelledby="found-servers-title">
      <h2 id="found-servers-title">Servers on this machine</h2>
      {discovery.state === 'loading' ? <p className="loading">Looking for local servers…</p> : null}
      {discovery.state === 'error' ? <p className="error">Could not look for servers: {discovery.message}</p> : null}
      {discovery.state === 'ok' ? (
        discovery.value.servers.length > 0 ? (
          <FoundServerList servers={discovery.value.servers} chosenUrl={chosenUrl} />
        ) : (
          <p className="muted" data-default-target={discovery.value.defaultTarget.kind}>
            {defaultTargetText(discovery.value.defaultTarget)}
          </p>
        )
      ) : null}
    </section>
  );
}

export interface IdleViewProps {
  discovery: Async<ServerDiscovery>;
  settings: Async<Settings>;
  status: Async<ServerStatus>;
  busy: boolean;
  onRun: () => void;
}

export function IdleView({ discovery, settings, status, busy, onRun }: IdleViewProps) {
  const chosen = settings.state === 'ok' ? settings.value : null;
  // The target's details are in the list when discovery found it; otherwise the status line carries them.
  const listed = discovery.state === 'ok' && status.state === 'ok' && discovery.value.servers.some((s) => sameServer(s.url, status.value.url));
  return (
    <>
      <FoundServers discovery={discovery} chosenUrl={status.state === 'ok' ? status.value.url : null} />
      <section className="card next-run" aria-labelledby="next-run-title">
        <h2 id="next-run-title">Next run</h2>
        {status.state === 'loading' ? <p className="loading">Looking for the server…</p> : null}
        {status.state === 'error' ? <p className="error">Status unavailable: {status.message}</p> : null}
        {status.state === 'ok' ? <ServerStatusView status={status.value} showModels={!listed} /> : null}
        {chosen ? (
          <dl className="facts">
            <dt>Model</dt>
            <dd data-next="model">{chosen.model ?? 'the loaded model, else the first installed'}</dd>
            <dt>Profile</dt>
            <dd data-next="profile">{profileLine(chosen)}</dd>
          </dl>
        ) : null}
        <button type="button" className="primary run-button" onClick={onRun} disabled={busy}>
          {busy ? 'Starting…' : 'Run benchmark'}
        </button>
        <NotifyControl />
      </section>
    </>
  );
}
