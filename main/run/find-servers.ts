// Discovery of the local LLM servers a user may want to benchmark. For now it asks Ollama's port only;
// docs/discovery.md's full list of ports and kinds comes with the discovery work of issue "Works out of
// the box".
import { performance } from 'node:perf_hooks';
import type { FoundServer, ServerDiscovery } from '../../common/api.js';
import { DEFAULT_URL } from '../../common/run-config.js';
import { detectServer } from './detect-server.js';

const PROBE_TIMEOUT_MS = 500;

export async function findServers(): Promise<ServerDiscovery> {
  const started = performance.now();
  const detection = await detectServer({ url: DEFAULT_URL }, PROBE_TIMEOUT_MS);
  const servers: FoundServer[] = detection.ok
    ? [
        {
          url: detection.server.origin,
          kind: detection.server.api === 'ollama' ? 'ollama' : 'openai-compatible',
          api: detection.server.api,
          version: detection.server.version,
          models: detection.server.models.map((m) => m.name),
          loadedModel: detection.server.loaded[0]?.name ?? null,
        },
      ]
    : [];
  const first = servers[0];
  return {
    servers,
    defaultTarget: first ? { kind: 'server', url: first.url } : { kind: 'none', reason: 'no local LLM server answers; start one (e.g. `ollama serve`)' },
    tookMs: performance.now() - started,
  };
}
