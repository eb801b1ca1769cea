import type { ServerStatus } from '../../common/api.js';

export function ServerStatusView({ status }: { status: ServerStatus }) {
  return (
    <section className="card server-status" aria-label="Server status">
      <p className="status-line">
        <span className={`dot ${status.reachable ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
        <strong>{status.reachable ? 'Reachable' : 'Not reachable'}</strong> <span className="muted">{status.url}</span>
      </p>
      {status.reachable ? (
        <dl className="facts">
          <dt>Server</dt>
          <dd>
            {status.api ?? 'unknown API'}
            {status.version ? ` ${status.version}` : ''}
          </dd>
          <dt>Loaded</dt>
          <dd data-status="loaded">{status.loadedModel ?? 'no model loaded'}</dd>
          <dt>Installed</dt>
          <dd data-status="models">{status.models.length === 0 ? 'no models' : status.models.join(', ')}</dd>
        </dl>
      ) : null}
      {status.warning ? (
        <p className="warning" role="alert">
          {status.warning}
        </p>
      ) : null}
    </section>
  );
}
