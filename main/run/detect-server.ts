import { request } from 'undici';
import type { TargetInfo } from '../../common/run-manifest.js';
import type { ApiKind } from '../../common/run-config.js';

/** The target cannot be benchmarked as asked; the message is one line a user can act on. */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

export interface PreflightInput {
  url: string;
  api?: ApiKind;
  model?: string;
  /** Per look-up timeout. */
  timeoutMs?: number;
}

export interface PreflightResult {
  origin: string;
  target: TargetInfo;
  /** A cheap GET on this API, used to open connections before each level. */
  warmPath: string;
}

export interface JsonAnswer {
  status: number;
  body: unknown;
}

const HINT_NO_SERVER =
  'start Ollama (`ollama serve`), point --url at your server, or benchmark a GGUF file with --gguf FILE';

/** The server's origin, accepting a trailing `/v1` (how OpenAI-compatible base URLs are often written). */
export function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PreflightError(`--url: "${url}" is not a valid URL (expected e.g. http://127.0.0.1:11434)`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/v1') {
    throw new PreflightError(`--url: give the server's base address (e.g. ${parsed.origin}), not the path ${parsed.pathname}`);
  }
  return parsed.origin;
}

export async function getJson(origin: string, path: string, timeoutMs: number): Promise<JsonAnswer> {
  try {
    const res = await request(origin + path, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.body.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: res.statusCode, body };
  } catch (err) {
    throw new PreflightError(`cannot reach ${origin}: ${describeNetworkError(err, timeoutMs)}; ${HINT_NO_SERVER}`);
  }
}

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; name?: string; cause?: { code?: string }; message?: string };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (e.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `no answer within ${timeoutMs} ms`;
  }
  return code ?? e.message ?? String(err);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function detectApi(origin: string, timeoutMs: number): Promise<{ api: ApiKind; version: string | null }> {
  const version = await getJson(origin, '/api/version', timeoutMs);
  if (version.status === 200 && isRecord(version.body) && typeof version.body.version === 'string') {
    return { api: 'ollama', version: version.body.version };
  }
  const models = await getJson(origin, '/v1/models', timeoutMs);
  if (models.status === 200 && isRecord(models.body) && Array.isArray(models.body.data)) {
    return { api: 'openai', version: null };
  }
  throw new PreflightError(`${origin} answers HTTP but speaks neither the Ollama API (/api/version) nor the OpenAI API (/v1/models)`);
}

async function ollamaVersion(origin: string, timeoutMs: number): Promise<string> {
  const answer = await getJson(origin, '/api/version', timeoutMs);
  if (answer.status !== 200 || !isRecord(answer.body) || typeof answer.body.version !== 'string') {
    throw new PreflightError(`${origin} does not speak the Ollama API (GET /api/version answered HTTP ${answer.status})`);
  }
  return answer.body.version;
}

interface ModelEntry {
  name: string;
  details: Record<string, unknown>;
}

function ollamaModelList(body: unknown): ModelEntry[] {
  if (!isRecord(body) || !Array.isArray(body.models)) return [];
  return body.models.filter(isRecord).flatMap((m) => {
    const name = typeof m.name === 'string' ? m.name : typeof m.model === 'string' ? m.model : null;
    return name ? [{ name, details: m }] : [];
  });
}

/** Ollama resolves `llama3` as `llama3:latest`; so do we. */
function sameOllamaModel(wanted: string, installed: string): boolean {
  const norm = (n: string): string => (n.includes(':') ? n : `${n}:latest`);
  return norm(wanted) === norm(installed);
}

async function resolveOllamaModel(origin: string, wanted: string | undefined, timeoutMs: number): Promise<ModelEntry> {
  const tags = await getJson(origin, '/api/tags', timeoutMs);
  const installed = ollamaModelList(tags.body);
  if (wanted !== undefined) {
    const found = installed.find((m) => sameOllamaModel(wanted, m.name));
    if (!found) {
      const names = installed.map((m) => m.name).join(', ') || 'none';
      throw new PreflightError(`model "${wanted}" is not installed on ${origin} (installed: ${names}); pull it with \`ollama pull ${wanted}\``);
    }
    return found;
  }
  const loaded = ollamaModelList((await getJson(origin, '/api/ps', timeoutMs)).body);
  const pick = loaded.find((l) => installed.some((m) => m.name === l.name)) ?? installed[0];
  if (!pick) throw new PreflightError(`${origin} has no models installed; pull one first (e.g. \`ollama pull llama3.2\`)`);
  return installed.find((m) => m.name === pick.name) ?? pick;
}

async function resolveOpenAiModel(origin: string, wanted: string | undefined, timeoutMs: number): Promise<ModelEntry> {
  const answer = await getJson(origin, '/v1/models', timeoutMs);
  if (answer.status !== 200 || !isRecord(answer.body) || !Array.isArray(answer.body.data)) {
    throw new PreflightError(`${origin} does not speak the OpenAI API (GET /v1/models answered HTTP ${answer.status})`);
  }
  const models = answer.body.data.filter(isRecord).flatMap((m) => (typeof m.id === 'string' ? [{ name: m.id, details: m }] : []));
  if (wanted !== undefined) {
    const found = models.find((m) => m.name === wanted);
    if (!found) {
      const names = models.map((m) => m.name).join(', ') || 'none';
      throw new PreflightError(`model "${wanted}" is not served by ${origin} (available: ${names})`);
    }
    return found;
  }
  const first = models[0];
  if (!first) throw new PreflightError(`${origin} lists no models at /v1/models; pass --model`);
  return first;
}

/**
 * Everything checked before the first request: the server answers, its API (detected unless
 * given), the model exists (or the default: loaded per /api/ps, else the first installed).
 */
export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const timeoutMs = input.timeoutMs ?? 5_000;
  const origin = originOf(input.url);
  let api = input.api;
  let serverVersion: string | null = null;
  if (api === undefined) ({ api, version: serverVersion } = await detectApi(origin, timeoutMs));
  else if (api === 'ollama') serverVersion = await ollamaVersion(origin, timeoutMs);

  const model =
    api === 'ollama'
      ? await resolveOllamaModel(origin, input.model, timeoutMs)
      : await resolveOpenAiModel(origin, input.model, timeoutMs);
  return {
    origin,
    warmPath: api === 'ollama' ? '/api/version' : '/v1/models',
    target: { url: origin, api, serverVersion, model: model.name, modelDetails: model.details },
  };
}
