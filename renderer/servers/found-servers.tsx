// The local LLM servers discovery found: kind, version, address, the loaded model and the others. The
// popover lists them; Setup offers each one to pick.
import type { FoundServer } from '../../common/api.js';
import { SERVER_KIND_NAMES } from '../../common/api.js';
import { hostOf, sameServer } from './server-text.js';

export function FoundServerList({ servers, chosenUrl, onPick }: { servers: FoundServer[]; chosenUrl: string | null; onPick?: (server: FoundServer) => void }) {
  return (
    <ul className="found-servers">
      {servers.map((server) => {
        const chosen = chosenUrl !== null && sameServer(server.url, chosenUrl);
        const name = `${SERVER_KIND_NAMES[server.kind]}${server.version ? ` ${server.version}` : ''}`;
        return (
          <li key={server.url} className={chosen ? 'found-server chosen' : 'found-server'} data-server={server.url}>
            <p className="found-server-head">
              <strong>{name}</strong> <span className="muted">{hostOf(server.url)}</span>
              {chosen ? <span className="badge">chosen</span> : null}
            </p>
            <dl className="facts">
              <dt>Loaded</dt>
              <dd data-found="loaded">{server.loadedModel ?? 'no model loaded'}</dd>
              <dt>Models</dt>
              <dd data-found="models">{server.models.length === 0 ? 'none' : server.models.join(', ')}</dd>
            </dl>
            {onPick ? (
              <button type="button" onClick={() => onPick(server)} aria-pressed={chosen} aria-label={`${chosen ? 'In use' : 'Use this server'}: ${name} at ${hostOf(server.url)}`}>
                {chosen ? 'In use' : 'Use this server'}
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
