// Takes a model out of the server's memory between the runs of a multi-model run, so the next model is
// measured without the previous one holding RAM or VRAM. Ollama unloads on a generate request with no
// prompt and `keep_alive: 0` (its documented way); OpenAI-compatible servers have no such request.
import { request } from 'undici';
import type { ApiKind } from '../../common/run-config.js';

export type UnloadOutcome = { unloaded: true } | { unloaded: false; reason: string };

const UNLOAD_TIMEOUT_MS = 30_000;

export async function unloadModel(origin: string, api: ApiKind, model: string, timeoutMs = UNLOAD_TIMEOUT_MS): Promise<UnloadOutcome> {
  if (api !== 'ollama') return { unloaded: false, reason: 'an OpenAI-compatible server has no request that unloads a model' };
  try {
    const res = await request(`${origin}/api/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, keep_alive: 0, stream: false }),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) return { unloaded: false, reason: `the server answered HTTP ${res.statusCode}: ${text.slice(0, 200)}` };
    return { unloaded: true };
  } catch (err) {
    return { unloaded: false, reason: `no answer to the unload request: ${err instanceof Error ? err.message : String(err)}` };
  }
}
