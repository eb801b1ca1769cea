// What the app's status line shows about the target, without starting a run: reachable or not, which API,
// the server's version, its models and the one loaded. Never throws; a problem becomes `warning`.
import type { ServerStatus } from '../../common/api.js';
import type { ApiKind } from '../../common/run-config.js';
import type { ConnectionOptions } from '../engine/connection-pool.js';
import { detectServer } from './detect-server.js';

/**
 * Worded for the app (its fields and buttons, never a CLI flag): only the app shows a status line.
 * `connection`: the headers and TLS trust of a server behind auth or TLS (issue 14).
 */
export async function serverStatus(url: string, api?: ApiKind, timeoutMs = 2_000, connection?: ConnectionOptions): Promise<ServerStatus> {
  const down = (reachable: boolean, warning: string): ServerStatus => ({ url, reachable, api: null, version: null, models: [], loadedModel: null, warning });
  try {
    const detection = await detectServer({ url, api }, timeoutMs, { audience: 'app', connection });
    if (!detection.ok) return down(detection.reachable, detection.problem);
    const { server } = detection;
    return {
      url,
      reachable: true,
      api: server.api,
      version: server.version,
      models: server.models.map((m) => m.name),
      loadedModel: server.loaded[0]?.name ?? null,
      warning: server.warnings[0] ?? null,
    };
  } catch (err) {
    return down(false, `cannot check ${url}: ${String(err)}`);
  }
}
