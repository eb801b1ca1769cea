// Producing one generation's tokens on schedule and ending it — normally or by a fault.
import type { ServerResponse } from 'node:http';
import type { LogEntry } from './request-log.js';
import { drained, yieldTurn, type Pacer } from './timing.js';
import type { Fault } from './types.js';
import type { EndInfo, Wire } from './wire.js';

/** Faults that strike at a token position. */
export type TokenFault = Extract<Fault, { afterTokens: number }>;

export interface Plan {
  /** Tokens to generate, after the request's cap. */
  tokens: number;
  thinkingTokens: number;
  doneReason: 'stop' | 'length';
  tokenIntervalMs: number;
  promptTokens: number;
  cachedPromptTokens: number;
  /** Load time actually spent, ms. */
  loadMs: number;
  tokenText: (i: number) => string;
}

export interface Generation {
  res: ServerResponse;
  wire: Wire;
  entry: LogEntry;
  signal: AbortSignal;
  pacer: Pacer;
  plan: Plan;
  fault: TokenFault | null;
  /** When token 0 is due (performance.now()); token i is due at firstAt + i × interval. */
  firstAt: number;
  /** Sends the status line and headers (and the wire's opening) unless already sent. */
  openStream(): void;
}

export type Ending = 'completed' | 'fault' | 'aborted';

/** Tokens per write in fast mode: large enough to keep syscalls few, small enough to interleave streams. */
const BATCH_TOKENS = 64;

/** Where tokens go: the socket (streaming) or an accumulated answer (`stream: false`). */
type TokenSink = (from: number, to: number) => boolean;

export async function streamGeneration(g: Generation): Promise<Ending> {
  const { plan, fault, res, wire } = g;
  const sink: TokenSink = (from, to) => {
    g.openStream();
    let chunk = '';
    for (let i = from; i < to; i++) chunk += wire.token(plan.tokenText(i), i < plan.thinkingTokens);
    return res.write(chunk);
  };
  const stopAt = fault ? Math.min(fault.afterTokens, plan.tokens) : plan.tokens;
  let sent = await pump(g, sink, 0, stopAt);
  if (g.signal.aborted) return 'aborted';
  g.openStream();
  if (fault) {
    switch (fault.type) {
      case 'reset':
        resetAfterFlush(res);
        return 'fault';
      case 'stall':
        await abortOf(g.signal);
        return 'fault';
      case 'truncate':
        res.end();
        return 'fault';
      case 'error-line':
        res.end(wire.errorEvent(fault.message));
        return 'fault';
      case 'malformed':
        res.write(wire.malformed());
        if (fault.then === 'end') {
          res.end();
          return 'fault';
        }
        sent = await pump(g, sink, sent, plan.tokens);
        if (g.signal.aborted) return 'aborted';
        res.end(wire.end(endInfo(g)));
        return 'fault';
    }
  }
  res.end(wire.end(endInfo(g)));
  return 'completed';
}

/** `stream: false`: the same schedule, then one answer (or the fault's version of it). */
export async function wholeGeneration(g: Generation, contentType: string): Promise<Ending> {
  const { plan, fault, res, wire } = g;
  let answer = '';
  let thinking = '';
  const sink: TokenSink = (from, to) => {
    for (let i = from; i < to; i++) {
      if (i < plan.thinkingTokens) thinking += plan.tokenText(i);
      else answer += plan.tokenText(i);
    }
    return true;
  };
  const stopAt = fault ? Math.min(fault.afterTokens, plan.tokens) : plan.tokens;
  await pump(g, sink, 0, stopAt);
  if (g.signal.aborted) return 'aborted';
  const send = (status: number, body: string): void => {
    res.writeHead(status, { 'Content-Type': contentType });
    g.entry.headersAt = performance.now();
    g.entry.status = status;
    res.end(body);
  };
  if (fault) {
    switch (fault.type) {
      case 'reset':
        res.socket?.destroy();
        return 'fault';
      case 'stall':
        await abortOf(g.signal);
        return 'fault';
      case 'truncate': {
        const body = wire.whole(answer, thinking, endInfo(g));
        send(200, body.slice(0, Math.floor(body.length / 2)));
        return 'fault';
      }
      case 'error-line':
        send(500, wire.errorBody(fault.message, 500));
        return 'fault';
      case 'malformed':
        send(200, wire.malformed());
        return 'fault';
    }
  }
  send(200, wire.whole(answer, thinking, endInfo(g)));
  return 'completed';
}

async function pump(g: Generation, sink: TokenSink, from: number, to: number): Promise<number> {
  const { plan, entry, signal, res } = g;
  const interval = plan.tokenIntervalMs;
  let i = from;
  while (i < to && !signal.aborted) {
    if (interval > 0) await g.pacer.until(g.firstAt + i * interval);
    if (signal.aborted) break;
    // Spaced tokens go out one chunk each; fast mode batches them but still times every token.
    const end = interval > 0 ? i + 1 : Math.min(to, i + BATCH_TOKENS);
    const at = performance.now();
    const ok = sink(i, end);
    entry.wrote(end, at, plan.thinkingTokens);
    i = end;
    if (!ok) await drained(res, signal);
    else if (interval === 0 && i < to) await yieldTurn();
  }
  return i;
}

/** The server's counters, from the times this generation really took. */
function endInfo(g: Generation): EndInfo {
  const { entry, plan } = g;
  const now = performance.now();
  const slotAt = entry.slotAt ?? now;
  const first = entry.firstTokenAt ?? now;
  return {
    doneReason: plan.doneReason,
    promptTokens: plan.promptTokens,
    cachedPromptTokens: plan.cachedPromptTokens,
    tokens: entry.tokens,
    thinkingTokens: entry.thinkingTokens,
    totalMs: now - entry.arrivedAt,
    loadMs: plan.loadMs,
    promptEvalMs: first - slotAt,
    // Each token is modelled as costing one interval of decode, the first one included (its decode
    // overlaps the prefill), so eval_count / eval_duration equals the configured rate. Measured to
    // now rather than to the last token so that a fast-mode batch still shows its real write time.
    evalMs: entry.tokens > 0 ? now - first + plan.tokenIntervalMs : 0,
  };
}

/** Ends the connection once what was written has left, so the client sees the tokens and then the cut. */
function resetAfterFlush(res: ServerResponse): void {
  res.socket?.destroySoon();
}

function abortOf(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
