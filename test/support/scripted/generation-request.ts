// One generation request from arrival to its outcome: read and check the body, pick its fault and
// script, load, queue for a slot, prefill, then stream (generation.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Catalog } from './catalog.js';
import { streamGeneration, wholeGeneration, type Ending, type Generation, type Plan } from './generation.js';
import { ollamaWire } from './ollama-wire.js';
import { openAiErrorBody, openAiWire } from './openai-wire.js';
import { LogEntry } from './request-log.js';
import type { SlotPool } from './slot-pool.js';
import { isoNow, Pacer } from './timing.js';
import type { HeaderTiming, RequestInfo, RequestScript, ScriptedServerOptions, UnloadEntry } from './types.js';
import type { Wire } from './wire.js';
import { CHAT_TEMPLATE_TOKENS, promptWords, type PromptCache } from './prompt-words.js';

export type Endpoint = 'ollama-generate' | 'ollama-chat' | 'openai-chat';

export interface ServerState {
  readonly opts: ScriptedServerOptions;
  readonly catalog: Catalog;
  readonly pool: SlotPool;
  readonly log: LogEntry[];
  /** One per open generation request; aborting it ends the request. */
  readonly open: Set<AbortController>;
  readonly tokenText: (i: number) => string;
  readonly sendHeaders: HeaderTiming;
  /** With `promptCache`: what earlier requests left (prompt-words.ts). */
  readonly cache: PromptCache | null;
  readonly unloads: UnloadEntry[];
}

const BODY_LIMIT = 4 * 1024 * 1024;
const OLLAMA_BUSY = 'server busy, please try again.  maximum pending requests exceeded';

/** What the server reads from a request body. */
interface Ask {
  model: string;
  stream: boolean;
  think: boolean;
  maxTokens: number | undefined;
  includeUsage: boolean;
  promptChars: number;
  /** The prompt in words, role headers included (prompt-words.ts). */
  words: string[];
}

export async function handleGeneration(
  state: ServerState,
  endpoint: Endpoint,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const api = endpoint === 'openai-chat' ? 'openai' : 'ollama';
  const entry = new LogEntry(state.log.length, path, api, performance.now());
  entry.headers = { ...req.headers };
  state.log.push(entry);
  // What the prompt cache keeps once the generation completes.
  const kept: { value: { words: string[]; plan: Plan } | null } = { value: null };
  const controller = new AbortController();
  const signal = controller.signal;
  const pacer = new Pacer(signal);
  state.open.add(controller);
  res.on('close', () => {
    if (!res.writableFinished) controller.abort('client-closed');
  });
  res.on('error', () => controller.abort('client-closed'));
  req.on('error', () => controller.abort('client-closed'));
  let holdsSlot = false;
  try {
    const ending = await serve();
    if (ending === 'completed' && kept.value !== null) state.cache?.keep(kept.value.words, answerText(kept.value.plan));
    if (ending === 'aborted') entry.finish(signal.reason === 'server-closed' ? 'server-closed' : 'client-closed');
    else entry.finish(ending);
  } finally {
    if (holdsSlot) state.pool.release();
    state.open.delete(controller);
  }

  async function serve(): Promise<Ending | 'rejected' | 'unloaded'> {
    const raw = await readBody(req, signal);
    if (signal.aborted) return 'aborted';
    const errorBody = (message: string, status: number, code: string | null = null): string =>
      api === 'openai' ? openAiErrorBody(message, status, code) : JSON.stringify({ error: message });

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      reply(res, entry, 400, errorBody('invalid JSON in request body', 400));
      return 'rejected';
    }
    entry.body = body;
    const ask = readAsk(endpoint, body);
    entry.model = ask.model;
    entry.stream = ask.stream;
    if (ask.model === '') {
      reply(res, entry, 400, errorBody('model is required', 400));
      return 'rejected';
    }
    if (!state.catalog.has(ask.model)) {
      const message =
        api === 'openai'
          ? `The model \`${ask.model}\` does not exist or you do not have access to it.`
          : `model "${ask.model}" not found, try pulling it first`;
      reply(res, entry, 404, errorBody(message, 404, 'model_not_found'));
      return 'rejected';
    }
    if (endpoint === 'ollama-generate' && isUnload(body)) {
      // As Ollama answers it: one JSON object, no stream, done_reason "unload".
      state.catalog.unload(ask.model);
      state.unloads.push({ model: ask.model, index: entry.index, at: performance.now() });
      reply(res, entry, 200, JSON.stringify({ model: ask.model, created_at: isoNow(), response: '', done: true, done_reason: 'unload' }));
      return 'unloaded';
    }

    const info: RequestInfo = { index: entry.index, path, body };
    const fault = state.opts.fault?.(info) ?? state.opts.faults?.[entry.index];
    entry.fault = fault ?? null;
    if (fault?.type === 'http') {
      reply(res, entry, fault.status, fault.body ?? defaultFaultBody(fault.status, errorBody));
      return 'fault';
    }
    if (fault?.type === 'delay-headers') {
      await pacer.until(entry.arrivedAt + fault.ms);
      if (signal.aborted) return 'aborted';
    }

    const wire = wireFor(endpoint, ask, entry.index, state.opts);
    const openStream = (): void => {
      if (res.headersSent) return;
      res.writeHead(200, streamHeaders(wire.contentType));
      entry.headersAt = performance.now();
      entry.status = 200;
      const opening = wire.opening();
      if (opening === '') res.flushHeaders();
      else res.write(opening);
    };
    if (ask.stream && state.sendHeaders === 'arrival') openStream();

    const script = scriptFor(state.opts, info);
    const loadStart = performance.now();
    if (script.loadMs > 0) await pacer.until(loadStart + script.loadMs);
    if (signal.aborted) return 'aborted';
    const loadMs = performance.now() - loadStart;
    state.catalog.markLoaded(ask.model);

    const ticket = state.pool.acquire(signal);
    if (ticket === 'full') {
      if (res.headersSent) {
        // Headers already promised a stream: the refusal can only travel in it.
        res.end(wire.errorEvent(OLLAMA_BUSY));
      } else {
        reply(res, entry, 503, errorBody(OLLAMA_BUSY, 503));
      }
      return 'rejected';
    }
    holdsSlot = ticket.granted || (await ticket.wait);
    if (!holdsSlot || signal.aborted) return 'aborted';
    entry.slotAt = performance.now();
    if (ask.stream && state.sendHeaders === 'slot') openStream();

    const cached = state.cache?.cached(ask.words) ?? 0;
    const plan = planFor(script, ask, endpoint, loadMs, state.tokenText, state.opts.tokenizer === 'words', cached);
    entry.doneReason = plan.doneReason;
    entry.cachedPromptTokens = plan.cachedPromptTokens;
    kept.value = { words: ask.words, plan };
    if (state.opts.logTokenTimes !== false) entry.reserveTokenTimes(plan.tokens);
    const firstAt = entry.slotAt + script.prefillMs + script.prefillMsPerToken * (plan.promptTokens - plan.cachedPromptTokens);
    await pacer.until(firstAt);
    if (signal.aborted) return 'aborted';

    const generation: Generation = {
      res,
      wire,
      entry,
      signal,
      pacer,
      plan,
      fault: fault && fault.type !== 'delay-headers' ? fault : null,
      firstAt,
      openStream,
    };
    return ask.stream ? streamGeneration(generation) : wholeGeneration(generation, 'application/json; charset=utf-8');
  }
}

/** Ollama unloads a model on a generate request with `keep_alive: 0` and no prompt. */
function isUnload(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const keepAlive = body.keep_alive;
  const zero = keepAlive === 0 || keepAlive === '0' || keepAlive === '0s';
  return zero && (body.prompt === undefined || body.prompt === '');
}

function readAsk(endpoint: Endpoint, body: unknown): Ask {
  const b = isRecord(body) ? body : {};
  const model = typeof b.model === 'string' ? b.model : '';
  const promptChars = typeof b.prompt === 'string' ? b.prompt.length : messagesChars(b.messages);
  const words = promptWords(b);
  if (endpoint === 'openai-chat') {
    const kwargs = isRecord(b.chat_template_kwargs) ? b.chat_template_kwargs : {};
    const maxTokens = numberOr(b.max_tokens, numberOr(b.max_completion_tokens, undefined));
    return {
      model,
      stream: b.stream === true,
      // OpenAI-compatible servers stream reasoning unless the request switches it off.
      think: !(b.think === false || b.reasoning_effort === 'none' || kwargs.enable_thinking === false),
      maxTokens,
      includeUsage: isRecord(b.stream_options) && b.stream_options.include_usage === true,
      promptChars,
      words,
    };
  }
  const options = isRecord(b.options) ? b.options : {};
  return {
    model,
    stream: b.stream !== false,
    // Ollama takes `think: true` or a level ("low" | "medium" | "high").
    think: b.think === true || typeof b.think === 'string',
    maxTokens: numberOr(options.num_predict, undefined),
    includeUsage: false,
    promptChars,
    words,
  };
}

function scriptFor(opts: ScriptedServerOptions, info: RequestInfo): RequestScript {
  const base: RequestScript = {
    prefillMs: opts.prefillMs ?? 0,
    tokens: opts.tokens ?? 8,
    tokenIntervalMs: opts.tokenIntervalMs ?? 0,
    thinkingTokens: opts.thinkingTokens ?? 0,
    loadMs: opts.loadMs ?? 0,
    promptTokens: opts.promptTokens,
    prefillMsPerToken: opts.prefillMsPerToken ?? 0,
  };
  const s = { ...base, ...opts.script?.(info) };
  return {
    prefillMs: Math.max(0, s.prefillMs),
    tokens: Math.max(0, Math.floor(s.tokens)),
    tokenIntervalMs: Math.max(0, s.tokenIntervalMs),
    thinkingTokens: Math.max(0, Math.floor(s.thinkingTokens)),
    loadMs: Math.max(0, s.loadMs),
    promptTokens: s.promptTokens,
    prefillMsPerToken: Math.max(0, s.prefillMsPerToken),
  };
}

function planFor(
  script: RequestScript,
  ask: Ask,
  endpoint: Endpoint,
  loadMs: number,
  tokenText: (i: number) => string,
  countWords: boolean,
  cached: number,
): Plan {
  // A negative cap means "no limit" (Ollama's num_predict -1), like the real servers.
  const capped = ask.maxTokens !== undefined && ask.maxTokens >= 0 && ask.maxTokens < script.tokens;
  const tokens = capped ? Math.floor(ask.maxTokens ?? 0) : script.tokens;
  // Chat templates add a few tokens around the messages.
  const templateTokens = endpoint === 'ollama-generate' ? 0 : 8;
  // Counted in words: a role header per message (in `words`) and the assistant's header.
  const wordCount = ask.words.length + (endpoint === 'ollama-generate' ? 0 : CHAT_TEMPLATE_TOKENS);
  const promptTokens = script.promptTokens ?? (countWords ? Math.max(1, wordCount) : Math.max(1, Math.ceil(ask.promptChars / 4)) + templateTokens);
  return {
    tokens,
    thinkingTokens: ask.think ? Math.min(script.thinkingTokens, tokens) : 0,
    doneReason: capped ? 'length' : 'stop',
    tokenIntervalMs: script.tokenIntervalMs,
    promptTokens,
    cachedPromptTokens: Math.min(cached, promptTokens - 1),
    loadMs,
    tokenText,
  };
}

function wireFor(endpoint: Endpoint, ask: Ask, index: number, opts: ScriptedServerOptions): Wire {
  if (endpoint === 'openai-chat') {
    return openAiWire({
      model: ask.model,
      id: `chatcmpl-scripted-${index}`,
      includeUsage: ask.includeUsage,
      reasoningField: opts.reasoningField ?? 'reasoning_content',
      llamaCppTimings: opts.llamaCppTimings ?? false,
    });
  }
  return ollamaWire(ask.model, endpoint === 'ollama-chat' ? 'chat' : 'generate');
}

function streamHeaders(contentType: string): Record<string, string> {
  return contentType === 'text/event-stream'
    ? { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' }
    : { 'Content-Type': contentType };
}

function defaultFaultBody(status: number, errorBody: (message: string, status: number) => string): string {
  // Ollama's own 503 is the full-queue answer; other statuses get their reason phrase.
  const message = status === 503 ? OLLAMA_BUSY : (STATUS_CODES[status] ?? `HTTP ${status}`).toLowerCase();
  return errorBody(message, status);
}

/** Answers at once with a status and a body (errors, refusals, `http` faults). */
export function reply(res: ServerResponse, entry: LogEntry | null, status: number, body: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const json = body.startsWith('{') || body.startsWith('[');
  res.writeHead(status, { 'Content-Type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8' });
  res.end(body);
  if (entry) {
    entry.headersAt = performance.now();
    entry.status = status;
  }
}

function readBody(req: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      signal.removeEventListener('abort', finish);
      resolve(Buffer.concat(parts).toString('utf8'));
    };
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= BODY_LIMIT) parts.push(part);
    });
    req.on('end', finish);
    signal.addEventListener('abort', finish, { once: true });
  });
}

/** The answer as a chat client resends it: the tokens after the thinking ones. */
function answerText(plan: Plan): string {
  let text = '';
  for (let i = plan.thinkingTokens; i < plan.tokens; i++) text += plan.tokenText(i);
  return text;
}

function messagesChars(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let chars = 0;
  for (const m of messages) if (isRecord(m) && typeof m.content === 'string') chars += m.content.length;
  return chars;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
