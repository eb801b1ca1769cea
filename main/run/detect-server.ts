// What answers at an address: the API it speaks (Ollama or OpenAI-compatible, detected unless given),
// its version and its models. The one detection behind the run's preflight and the app's status line,
// and the one capped HTTP getter every probe of a server uses (discovery too: find-servers.ts).
// It never throws for a server problem: the problem comes back as one line a user can act on, worded
// for whoever reads it (the CLI names its flags, the app its fields).
import { request, type Dispatcher } from 'undici';
import type { ApiKind } from '../../common/run-config.js';
import { createAgent, PLAIN_CONNECTION, type ConnectionOptions } from '../engine/connection-pool.js';
import { tlsFailure } from '../engine/tls-failure.js';

/** The target cannot be benchmarked as asked; the message is one line a user can act on. */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

/** Nothing answered: a failed connection or no answer in time. The message lacks the hint (it depends on the reader). */
class NoAnswerError extends PreflightError {}

/** Who reads the one-line problems: `tokenbench` (its flags) or the app and web mode (its fields and buttons). */
export type Audience = 'cli' | 'app';

/** How each audience names the things a problem tells it to change. */
const WORDS: Record<Audience, { url: string; model: string; noServer: string; credentials: string }> = {
  cli: {
    url: '--url',
    model: 'pass --model',
    noServer: 'start Ollama (`ollama serve`), point --url at your server, or benchmark a GGUF file with --gguf FILE',
    credentials: 'an API key (--api-key KEY or TOKENBENCH_API_KEY) or the header it expects (--header)',
  },
  app: {
    url: 'Server URL',
    model: 'choose a model in Setup',
    noServer: 'start Ollama or your server, or empty Setup → Server URL to benchmark the first local server found (else the built-in engine)',
    credentials: 'an API key (Setup → API key) or the header it expects (Setup → Headers)',
  },
};

/** The phrase that tells `audience` to pick a model (preflight's "no models listed" line). */
export function askForModel(audience: Audience): string {
  return WORDS[audience].model;
}

/**
 * The bodies detection reads (a version, a model list) are small; a broken or hostile server may send
 * hundreds of MB (a 300 MB `/api/tags` once took 925 MB to read). Beyond this many bytes an answer is
 * not read, and the field it would have filled is given up with a warning.
 */
export const MAX_PROBE_BODY_BYTES = 1024 * 1024;

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
  /** Answers given up on (too large to read), one line each. */
  warnings: string[];
}

export type ServerDetection =
  | { ok: true; server: DetectedServer }
  /** `reachable`: the address answered HTTP, but not as a server that can be benchmarked. */
  | { ok: false; reachable: boolean; problem: string };

/** The server's origin, accepting a trailing `/v1` (how OpenAI-compatible base URLs are often written). */
export function originOf(url: string, audience: Audience = 'cli'): string {
  const field = WORDS[audience].url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PreflightError(`${field}: "${url}" is not a valid URL (expected e.g. http://127.0.0.1:11434)`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path !== '' && path !== '/v1') {
    throw new PreflightError(`${field}: give the server's base address (e.g. ${parsed.origin}), not the path ${parsed.pathname}`);
  }
  return parsed.origin;
}

export interface DetectOptions {
  /** Who reads a problem; default the CLI. */
  audience?: Audience;
  /** Headers and TLS trust of a server that is not on this machine (issue 14); default none. */
  connection?: ConnectionOptions;
}

export async function detectServer(candidate: ServerCandidate, timeoutMs: number, options: DetectOptions = {}): Promise<ServerDetection> {
  const audience = options.audience ?? 'cli';
  const connection = options.connection ?? PLAIN_CONNECTION;
  let origin: string;
  try {
    origin = originOf(candidate.url, audience);
  } catch (err) {
    if (err instanceof PreflightError) return { ok: false, reachable: false, problem: err.message };
    throw err;
  }
  const via: ProbeVia = { dispatcher: connection === PLAIN_CONNECTION ? undefined : createAgent(connection), headers: connection.headers, audience };
  try {
    return { ok: true, server: await identify(origin, candidate.api, timeoutMs, via) };
  } catch (err) {
    if (err instanceof NoAnswerError) return { ok: false, reachable: false, problem: `${err.message}; ${WORDS[audience].noServer}` };
    if (err instanceof PreflightError) return { ok: false, reachable: true, problem: err.message };
    throw err;
  } finally {
    await via.dispatcher?.close();
  }
}

/** How a probe reaches a server besides its address: its connection's TLS trust and headers, and who reads its problems. */
export interface ProbeVia {
  dispatcher?: Dispatcher;
  headers?: Readonly<Record<string, string>>;
  audience?: Audience;
}

async function identify(origin: string, api: ApiKind | undefined, timeoutMs: number, via: ProbeVia): Promise<DetectedServer> {
  if (api !== 'openai') {
    const answer = await getJson(origin, '/api/version', timeoutMs, via);
    if (answer.status === 200 && isRecord(answer.body) && typeof answer.body.version === 'string') {
      const [tags, ps] = await Promise.all([getJson(origin, '/api/tags', timeoutMs, via), getJson(origin, '/api/ps', timeoutMs, via)]);
      return {
        origin,
        api: 'ollama',
        version: answer.body.version,
        models: ollamaModels(tags.body),
        loaded: ollamaModels(ps.body),
        warnings: tooBigWarnings(origin, [tags, ps]),
      };
    }
    if (api === 'ollama') {
      throw new PreflightError(`${origin} does not speak the Ollama API (GET /api/version answered HTTP ${answer.status})`);
    }
  }
  const list = await getJson(origin, '/v1/models', timeoutMs, via);
  if (list.status === 200 && isRecord(list.body) && Array.isArray(list.body.data)) {
    return { origin, api: 'openai', version: null, models: openAiModels(list.body), loaded: [], warnings: [] };
  }
  throw new PreflightError(
    list.tooBig
      ? tooBigWarning(origin, list)
      : api === 'openai'
        ? `${origin} does not speak the OpenAI API (GET /v1/models answered HTTP ${list.status})`
        : `${origin} answers HTTP but speaks neither the Ollama API (/api/version) nor the OpenAI API (/v1/models)`,
  );
}

/** `/api/tags` and `/api/ps` list models as `{ models: [{ name | model, … }] }`. */
export function ollamaModels(body: unknown): ServerModel[] {
  if (!isRecord(body) || !Array.isArray(body.models)) return [];
  return body.models.filter(isRecord).flatMap((m) => {
    const name = typeof m.name === 'string' ? m.name : typeof m.model === 'string' ? m.model : null;
    return name ? [{ name, details: m }] : [];
  });
}

/** `/v1/models` (and LM Studio's `/api/v0/models`) list models as `{ data: [{ id, … }] }`. */
export function openAiModels(body: unknown): ServerModel[] {
  if (!isRecord(body) || !Array.isArray(body.data)) return [];
  return body.data.filter(isRecord).flatMap((m) => (typeof m.id === 'string' ? [{ name: m.id, details: m }] : []));
}

export interface JsonAnswer {
  /** The GET it answers, e.g. `/api/tags`. */
  path: string;
  status: number;
  /** null when the body is not JSON or was too large to read. */
  body: unknown;
  /** The body passed MAX_PROBE_BODY_BYTES: it was not read. */
  tooBig: boolean;
}

/** One line per answer that was too large to read. */
export function tooBigWarnings(origin: string, answers: readonly JsonAnswer[]): string[] {
  return answers.filter((a) => a.tooBig).map((a) => tooBigWarning(origin, a));
}

function tooBigWarning(origin: string, answer: JsonAnswer): string {
  return `${origin}${answer.path} answered more than ${MAX_PROBE_BODY_BYTES / (1024 * 1024)} MB; it was not read`;
}

/**
 * GET `path` and parse its body as JSON, reading at most MAX_PROBE_BODY_BYTES (a larger body is dropped
 * unread, its connection closed). Any HTTP answer resolves but 401/403 (the server wants credentials: a
 * PreflightError saying so); a TLS failure is a PreflightError naming what failed (something listens);
 * no answer in `timeoutMs` (headers and body together) or a failed connection rejects with a NoAnswerError.
 */
export async function getJson(origin: string, path: string, timeoutMs: number, via: ProbeVia = {}): Promise<JsonAnswer> {
  let answer: JsonAnswer;
  try {
    const res = await request(origin + path, {
      method: 'GET',
      ...(via.dispatcher ? { dispatcher: via.dispatcher } : {}),
      ...(via.headers ? { headers: via.headers } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await readCapped(res.body, Number(res.headers['content-length']));
    let body: unknown = null;
    if (text !== null) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    answer = { path, status: res.statusCode, body, tooBig: text === null };
  } catch (err) {
    // A TLS failure is an answer of sorts: something listens, its certificate is the problem (not "start Ollama").
    const tls = tlsFailure(err);
    if (tls !== null) throw new PreflightError(`cannot connect to ${origin}: ${tls}`);
    throw new NoAnswerError(`cannot reach ${origin}: ${describeNetworkError(err, timeoutMs)}`);
  }
  const auth = authProblem(origin, path, answer.status, via);
  if (auth !== null) throw new PreflightError(auth);
  return answer;
}

/** 401/403: the server is there and wants credentials (or refused the ones sent). */
function authProblem(origin: string, path: string, status: number, via: ProbeVia): string | null {
  if (status !== 401 && status !== 403) return null;
  const sent = Object.keys(via.headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
  const head = `${origin} answered HTTP ${status} to GET ${path}`;
  if (!sent) return `${head}: the server wants ${WORDS[via.audience ?? 'cli'].credentials}`;
  return `${head}: the server refused the credentials sent (check the API key and its permissions)`;
}

/** The body as text, or null (and the stream destroyed) once it passes MAX_PROBE_BODY_BYTES. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, declaredLength: number): Promise<string | null> {
  if (declaredLength > MAX_PROBE_BODY_BYTES) {
    body.destroy();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_PROBE_BODY_BYTES) {
      body.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; name?: string; cause?: { code?: string }; message?: string };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (e.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return `no answer within ${timeoutMs} ms`;
  }
  return code ?? e.message ?? String(err);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
