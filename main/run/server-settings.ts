// What the server says of its own configuration (issue 14), recorded in run.json `target.settings` so a
// report can set the effective parallelism it measured against the server's setting:
// - llama-server (and the built-in engine): `GET /props` → `total_slots` (parallel), `n_ctx` per slot;
// - Ollama: `GET /api/ps` → the loaded model's `context_length`, `size_vram`, `size`;
// - a local server's process environment: OLLAMA_NUM_PARALLEL and friends (Linux; see server-environment.ts).
// Best effort, never fails a run: what cannot be read becomes a note.
import { request, type Dispatcher } from 'undici';
import type { ServerSettings } from '../../common/run-manifest.js';
import type { ApiKind } from '../../common/run-config.js';
import type { EnvironmentReading } from '../telemetry/process/server-environment.js';

export interface SettingsProbe {
  origin: string;
  api: ApiKind;
  model: string;
  dispatcher?: Dispatcher;
  headers: Readonly<Record<string, string>>;
  timeoutMs?: number;
  /** The server process's scheduling variables (main/telemetry/process/server-environment.ts). */
  environment: () => Promise<EnvironmentReading>;
}

export async function probeServerSettings(probe: SettingsProbe): Promise<ServerSettings> {
  const settings: ServerSettings = { notes: [] };
  const [props, ps, environment] = await Promise.all([
    getJson(probe, '/props'),
    probe.api === 'ollama' ? getJson(probe, '/api/ps') : Promise.resolve(null),
    probe.environment().catch((error: unknown): EnvironmentReading => ({ reason: `environment not read: ${String(error)}` })),
  ]);

  if (isRecord(props)) {
    const slots = positiveInt(props.total_slots);
    if (slots !== undefined) settings.parallel = { value: slots, source: 'GET /props total_slots (llama.cpp slots)' };
    const generation = isRecord(props.default_generation_settings) ? props.default_generation_settings : {};
    const ctx = positiveInt(generation.n_ctx) ?? positiveInt(props.n_ctx);
    if (ctx !== undefined) settings.contextSize = { value: ctx, source: 'GET /props n_ctx (per slot)' };
  }

  if (isRecord(ps) && Array.isArray(ps.models)) {
    const entry = ps.models.filter(isRecord).find((m) => m.name === probe.model || m.model === probe.model);
    if (entry === undefined) settings.notes.push(`Ollama /api/ps does not list ${probe.model} as loaded (it loads with the warm-up)`);
    else {
      const ctx = positiveInt(entry.context_length);
      if (ctx !== undefined && settings.contextSize === undefined) settings.contextSize = { value: ctx, source: 'Ollama /api/ps context_length' };
      const vram = nonNegativeInt(entry.size_vram);
      if (vram !== undefined) settings.vramBytes = { value: vram, source: 'Ollama /api/ps size_vram' };
      const size = nonNegativeInt(entry.size);
      if (size !== undefined) settings.modelBytes = { value: size, source: 'Ollama /api/ps size' };
    }
  }

  if ('variables' in environment) {
    if (Object.keys(environment.variables).length > 0) settings.environment = environment.variables;
    const parallel = positiveInt(Number(environment.variables.OLLAMA_NUM_PARALLEL ?? environment.variables.LLAMA_ARG_N_PARALLEL));
    if (parallel !== undefined && settings.parallel === undefined) {
      const name = environment.variables.OLLAMA_NUM_PARALLEL !== undefined ? 'OLLAMA_NUM_PARALLEL' : 'LLAMA_ARG_N_PARALLEL';
      settings.parallel = { value: parallel, source: `${name} (server process ${environment.pid} environment)` };
    }
    if (probe.api === 'ollama' && environment.variables.OLLAMA_NUM_PARALLEL === undefined) {
      settings.notes.push('OLLAMA_NUM_PARALLEL is not set in the server environment: Ollama chooses the parallelism itself (by memory)');
    }
  } else {
    settings.notes.push(`server environment: ${environment.reason}`);
  }
  if (settings.parallel === undefined) settings.notes.push('the server does not say how many requests it decodes at once');
  return settings;
}

async function getJson(probe: SettingsProbe, path: string): Promise<unknown> {
  const timeoutMs = probe.timeoutMs ?? 3_000;
  try {
    const res = await request(probe.origin + path, {
      method: 'GET',
      ...(probe.dispatcher ? { dispatcher: probe.dispatcher } : {}),
      headers: probe.headers,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.body.text();
    return res.statusCode === 200 ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
