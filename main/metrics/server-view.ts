// The server's own view beside ours (issue 14), pure functions over a run's records:
// - per level, our TTFT/E2E/decode rate beside the server's decode and prompt-eval rates, and the mean
//   E2E split into load, queue, prompt eval, decode (the server's durations), client (our reading time)
//   and HTTP (the rest);
// - per turn of a conversation, TTFT and the prompt tokens the server cached and evaluated;
// - per level, how many answers reached the length they asked for.
import type { RequestRecord } from '../../common/results.js';
import type { E2eSplit, LengthReach, ServerViewLevel, TurnRow } from '../../common/server-view.js';
import { percentile } from './stats.js';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
/** A record field as a finite number, else undefined: run folders come from anywhere (docs/security.md). */
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : sum(values) / values.length);

function pick(records: readonly RequestRecord[], get: (r: RequestRecord) => unknown): number[] {
  const out: number[] = [];
  for (const r of records) {
    const v = num(get(r));
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** Ok requests by level, ascending. */
function okByLevel(records: readonly RequestRecord[]): Map<number, RequestRecord[]> {
  const by = new Map<number, RequestRecord[]>();
  for (const r of records) {
    if (r.status !== 'ok') continue;
    const list = by.get(r.level);
    if (list) list.push(r);
    else by.set(r.level, [r]);
  }
  return new Map([...by.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * A request the split covers: ok, with TTFT and E2E, and the server's decode time (without it the whole
 * decode would count as HTTP time).
 */
function timed(r: RequestRecord): boolean {
  return num(r.ttftMs) !== undefined && num(r.e2eMs) !== undefined && num(r.server?.evalMs) !== undefined;
}

/** One request's split (docs/metrics.md § The server's view): each part ≥ 0, HTTP the remainder. */
export function e2eSplit(r: RequestRecord): E2eSplit {
  const s = r.server ?? {};
  const loadMs = Math.max(0, num(s.loadMs) ?? 0);
  const promptEvalMs = Math.max(0, num(s.promptEvalMs) ?? 0);
  const decodeMs = Math.max(0, num(s.evalMs) ?? 0);
  const queueMs = Math.max(0, (num(r.ttftMs) ?? 0) - promptEvalMs - loadMs);
  const clientMs = Math.max(0, num(r.clientMs) ?? 0);
  const httpMs = Math.max(0, (num(r.e2eMs) ?? 0) - loadMs - queueMs - promptEvalMs - decodeMs - clientMs);
  return { loadMs, queueMs, promptEvalMs, decodeMs, httpMs, clientMs };
}

export function serverViewByLevel(records: readonly RequestRecord[]): ServerViewLevel[] {
  return [...okByLevel(records)].map(([concurrency, ok]) => {
    const withTimes = ok.filter(timed);
    const splits = withTimes.map(e2eSplit);
    const part = (key: keyof E2eSplit): number => sum(splits.map((s) => s[key])) / splits.length;
    const evaluated = withTimes.filter((r) => (num(r.server?.promptEvalMs) ?? 0) > 0 && promptEvaluated(r) !== undefined);
    const promptMs = sum(evaluated.map((r) => num(r.server?.promptEvalMs) ?? 0));
    return {
      concurrency,
      timed: withTimes.length,
      ttftMs: mean(pick(withTimes, (r) => r.ttftMs)),
      e2eMs: mean(pick(withTimes, (r) => r.e2eMs)),
      tokensPerSecond: mean(pick(withTimes, (r) => r.tokensPerSecond)),
      serverTokensPerSecond: mean(pick(withTimes, (r) => r.server?.tokensPerSecond)),
      promptTokensPerSecond: promptMs > 0 ? (sum(evaluated.map((r) => promptEvaluated(r) ?? 0)) / promptMs) * 1000 : null,
      split: splits.length === 0 ? null : { loadMs: part('loadMs'), queueMs: part('queueMs'), promptEvalMs: part('promptEvalMs'), decodeMs: part('decodeMs'), httpMs: part('httpMs'), clientMs: part('clientMs') },
    };
  });
}

/** The prompt tokens the server evaluated: what it says it evaluated, else its whole count minus what it cached. */
function promptEvaluated(r: RequestRecord): number | undefined {
  const s = r.server;
  if (s === null || typeof s !== 'object') return undefined;
  const evaluated = num(s.evaluatedPromptTokens);
  if (evaluated !== undefined) return evaluated;
  const whole = num(s.promptTokens);
  return whole === undefined ? undefined : Math.max(0, whole - (num(s.cachedPromptTokens) ?? 0));
}

/** Per turn of the run's conversations; empty when no record has a turn. */
export function turnRows(records: readonly RequestRecord[]): TurnRow[] {
  const by = new Map<number, RequestRecord[]>();
  for (const r of records) {
    if (r.status !== 'ok' || !Number.isSafeInteger(r.turn)) continue;
    const turn = r.turn as number;
    const list = by.get(turn);
    if (list) list.push(r);
    else by.set(turn, [r]);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([turn, ok]) => {
      const ttfts = pick(ok, (r) => r.ttftMs).sort((a, b) => a - b);
      return {
        turn,
        requests: ok.length,
        ttftMs: mean(ttfts),
        ttftP50Ms: ttfts.length === 0 ? null : percentile(ttfts, 50),
        inputTokens: mean(pick(ok, (r) => r.inputTokens)),
        promptTokens: mean(pick(ok, (r) => r.server?.promptTokens)),
        cachedPromptTokens: mean(pick(ok, (r) => r.server?.cachedPromptTokens)),
        evaluatedPromptTokens: mean(pick(ok, (r) => (num(r.server?.cachedPromptTokens) === undefined && num(r.server?.evaluatedPromptTokens) === undefined ? undefined : promptEvaluated(r)))),
      };
    });
}

/** Per level: answers that reached the length they asked for (`maxTokens` of the record, else of the run). */
export function lengthReach(records: readonly RequestRecord[], runMaxTokens: number | undefined): LengthReach[] {
  return [...okByLevel(records)].map(([concurrency, ok]) => {
    const askedOf = (r: RequestRecord): number | undefined => num(r.maxTokens) ?? runMaxTokens;
    const asked = ok.filter((r) => askedOf(r) !== undefined);
    const lengths = asked.map((r) => askedOf(r) ?? 0);
    return {
      concurrency,
      asked: asked.length,
      reached: asked.filter((r, i) => (num(r.outputTokens) ?? 0) >= lengths[i]).length,
      askedTokens: mean(lengths),
    };
  });
}
