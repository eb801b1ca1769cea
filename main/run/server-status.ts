// What the app's status line shows about the target, without starting a run: reachable or not, which API,
// the server's version, its models and the one loaded. Never throws; a problem becomes `warning`.
import { getJson, originOf, PreflightError } from './detect-server.js';
import type { ServerStatus } from '../../common/api.js';
import type { ApiKind } from '../../common/run-config.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function names(list: unknown, key: 'models' | 'data'): string[] {
  if (!isRecord(list) || !Array.isArray(list[key])) return [];
  return list[key].filter(isRecord).flatMap((m) => {
    const name = m.name ?? m.model ?? m.id;
    return typeof name === 'string' ? [name] : [];
  });
}

export async function probeServer(url: string, api?: ApiKind, timeoutMs = 2_000): Promise<ServerStatus> {
  const down = (warning: string): ServerStatus => ({ url, reachable: false, api: null, version: null, models: [], loadedModel: null, warning });
  try {
    const origin = originOf(url);
    if (api !== 'openai') {
      const version = await getJson(origin, '/api/version', timeoutMs);
      if (version.status === 200 && isRecord(version.body) && typeof version.body.version === 'string') {
        const models = names((await getJson(origin, '/api/tags', timeoutMs)).body, 'models');
        const loaded = names((await getJson(origin, '/api/ps', timeoutMs)).body, 'models');
        return { url, reachable: true, api: 'ollama', version: version.body.version, models, loadedModel: loaded[0] ?? null, warning: null };
      }
      if (api === 'ollama') {
        return { ...down(`${origin} does not speak the Ollama API (GET /api/version answered HTTP ${version.status})`), reachable: true };
      }
    }
    const list = await getJson(origin, '/v1/models', timeoutMs);
    if (list.status === 200 && isRecord(list.body) && Array.isArray(list.body.data)) {
      return { url, reachable: true, api: 'openai', version: null, models: names(list.body, 'data'), loadedModel: null, warning: null };
    }
    return { ...down(`${origin} answers HTTP but speaks neither the Ollama API nor the OpenAI API`), reachable: true };
  } catch (err) {
    if (err instanceof PreflightError) return down(err.message);
    return down(`cannot check ${url}: ${String(err)}`);
  }
}
