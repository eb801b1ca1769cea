// What answers at an address: the API it speaks (Ollama or OpenAI-compatible, detected unless given),
// its version and its models. The one detection behind the run's preflight and the app's status line.
// It never throws for a server problem: the problem comes back as one line a user can act on, so many
// candidates can be probed side by side (`Promise.all(candidates.map((c) => detectServer(c, ms)))`,
// e.g. Ollama on 11434, LM Studio on 1234, llama-server on 8080, vLLM on 8000).
import { request, type Dispatcher } from 'undici';
import type { ApiKind } from '../../common/run-config.js';
import { createAgent, PLAIN_CONNECTION, type ConnectionOptions } from '../engine/connection-pool.js';
import { tlsFailure } from '../engine/tls-failure.js';

/** The target cannot be benchmarked as asked; the message is one line a user can act on. */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

/** Nothing answered: a failed connection or no answer in time. */
class NoAnswerError extends PreflightError {}

/** Where to look, and what the server there is known to speak. */
export interface ServerCandidate {
  /** The server's base address; a trailing `/v1` is accepted. */
  url: string;
  /** Detected when absent: the Ollama API first, then the OpenAI API. */
  api?: ApiKind;
}

export interface ServerModel {
  name: string;
  /** The server's own entry for the model, as it listed it. */
  details: Record<string, unknown>;
}

export interface DetectedServer {
  origin: string;
  api: ApiKind;
  /** Ollama's `/api/version`; null for OpenAI-compatible servers (their API has no version). */
  version: string | null;
  /** Ollama `/api/tags` (installed), OpenAI `/v1/models` (served), in the server's order. */
  models: ServerModel[];
  /** Ollama `/api/ps`: the models in memory now. Always empty for OpenAI-compatible servers. */
  loaded: ServerModel[];
}

export type ServerDetection =
  | { ok: true; server: DetectedServer }
  /** `reachable`: the address answered HTTP, but not as a server that can be benchmarked. */
  | { ok: false; reachable: boolean; problem: string };

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

/** `connection`: headers and TLS trust of a server that is not on this machine (issue 14); default none. */
export async function detectServer(candidate: ServerCandidate, timeoutMs: number, connection: ConnectionOptions = PLAIN_CONNECTION): Promise<ServerDetection> {
  let origin: string;
  try {
    origin = originOf(candidate.url);
  } catch (err) {
    if (err instanceof PreflightError) return { ok: false, reachable: false, problem: err.message };
    throw err;
  }
  const http: Http = { dispatcher: connection === PLAIN_CONNECTION ? undefined : createAgent(connection), headers: connection.headers, timeoutMs };
  try {
    return { ok: true, server: await identify(origin, candidate.api, http) };
  } catch (err) {
    if (err instanceof PreflightError) return { ok: false, reachable: !(err instanceof NoAnswerError), problem: err.message };
    throw err;
  } finally {
    await http.dispatcher?.close();
  }
}

/** How the look-ups reach the server: its connection's TLS trust and headers, and the timeout. */
interface Http {
  dispatcher: Dispatcher | undefined;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
}

async function identify(origin: string, api: ApiKind | undefined, http: Http): Promise<DetectedServer> {
  if (api !== 'openai') {
    const answer = await getJson(origin, '/api/version', http);
    if (answer.status === 200 && isRecord(answer.body) && typeof answer.body.version === 'string') {
      const [tags, ps] = await Promise.all([getJson(origin, '/api/tags', http), getJson(origin, '/api/ps', http)]);
      return { origin, api: 'ollama', version: answer.body.version, models: ollamaModels(tags.body), loaded: ollamaModels(ps.body) };
    }
    if (api === 'ollama') {
      throw new PreflightError(`${origin} does not speak the Ollama API (GET /api/version answered HTTP ${answer.status})`);
    }
  }
  const list = await getJson(origin, '/v1/models', http);
  if (list.status === 200 && isRecord(list.body) && Array.isArray(list.body.data)) {
    const models = list.body.data.filter(isRecord).flatMap((m) => (typeof m.id === 'string' ? [{ name: m.id, details: m }] : []));
    return { origin, api: 'openai', version: null, models, loaded: [] };
  }
  throw new PreflightError(
    api === 'openai'
      ? `${origin} does not speak the OpenAI API (GET /v1/models answered HTTP ${list.status})`
      : `${origin} answers HTTP but speaks neither the Ollama API (/api/version) nor the OpenAI API (/v1/models)`,
  );
}

/** `/api/tags` and `/api/ps` list models as `{ models: [{ name | model, … }] }`. */
function ollamaModels(body: unknown): ServerModel[] {
  if (!isRecord(body) || !Array.isArray(body.models)) return [];
  return body.models.filter(isRecord).flatMap((m) => {
    const name = typeof m.name === 'string' ? m.name : typeof m.model === 'string' ? m.model : null;
    return name ? [{ name, details: m }] : [];
  });
}

interface JsonAnswer {
  status: number;
  /** null when the body is not JSON. */
  body: unknown;
}

async function getJson(origin: string, path: string, http: Http): Promise<JsonAnswer> {
  const { timeoutMs } = http;
  let answer: JsonAnswer;
  try {
    const res = await request(origin + path, {
      method: 'GET',
      ...(http.dispatcher ? { dispatcher: http.dispatcher } : {}),
      headers: http.headers,
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
    answer = { status: res.statusCode, body };
  } catch (err) {
    // A TLS failure is an answer of sorts: something listens, its certificate is the problem (not "start Ollama").
    const tls = tlsFailure(err);
    if (tls !== null) throw new PreflightError(`cannot connect to ${origin}: ${tls}`);
    throw new NoAnswerError(`cannot reach ${origin}: ${describeNetworkError(err, timeoutMs)}; ${HINT_NO_SERVER}`);
  }
  const auth = authProblem(origin, path, answer.status, http.headers);
  if (auth !== null) throw new PreflightError(auth);
  return answer;
}

/** 401/403: the server is there and wants credentials (or refused the ones sent). */
function authProblem(origin: string, path: string, status: number, headers: Readonly<Record<string, string>>): string | null {
  if (status !== 401 && status !== 403) return null;
  const sent = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  const head = `${origin} answered HTTP ${status} to GET ${path}`;
  if (!sent) return `${head}: the server wants an API key (--api-key KEY or TOKENBENCH_API_KEY; in the app, Setup → API key) or the header it expects (--header)`;
  return `${head}: the server refused the credentials sent (check the API key and its permissions)`;
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
