// The server the next run talks to (the saved settings' address): reachable or not, what it is, and —
// when the found-servers list does not show it already — its models.
import type { ServerStatus } from '../../common/api.js';

export function ServerStatusView({ status, showModels }: { status: ServerStatus; showModels: boolean }) {
  return (
    <div className="server-status" role="group" aria-label="Server status">
      <p className="status-line">
        <span className={`dot ${status.reachable ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
        <strong>{status.reachable ? 'Reachable' : 'Not reachable'}</strong>
        <span className="muted url">{status.url}</span>
      </p>
      {status.reachable ? (
        <dl className="facts">
          <dt>Server</dt>
          <dd>
            {status.api ?? 'unknown API'}
            {status.version ? ` ${status.version}` : ''}
          </dd>
          {showModels ? (
            <>
              <dt>Loaded</dt>
              <dd data-status="loaded">{status.loadedModel ?? 'no model loaded'}</dd>
              <dt>Installed</dt>
              <dd data-status="models">{status.models.length === 0 ? 'no models' : status.models.join(', ')}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="muted small">Start the server, or pick another one in Setup.</p>
      )}
      {status.warning ? (
        <p className="warning" role="alert">
          {status.warning}
        </p>
      ) : null}
    </div>
  );
}
