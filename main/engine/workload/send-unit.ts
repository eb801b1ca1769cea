// One unit of a level's load: a single request, or a conversation of `--turns` requests that each resend
// the history with the real answers before them. The level runners start units; this sends them.
import type { Dispatcher } from 'undici';
import type { RawRequest } from '../../metrics/record.js';
import { streamRequest } from '../stream-request.js';
import type { TargetApi } from '../targets/target.js';
import type { PromptTokenCheck } from './prompt-check.js';
import type { RequestPlan } from './request-plan.js';

/** What sending needs besides the unit's place in its level. */
export interface UnitContext {
  dispatcher: Dispatcher;
  origin: string;
  target: TargetApi;
  plan: RequestPlan;
  /** `--header` values and the API key: sent with every request, never recorded. */
  headers?: Readonly<Record<string, string>>;
  timeoutMs: number;
  idleTimeoutMs: number;
  signal: AbortSignal;
  onToken?: () => void;
  /** Collects the server's prompt counts against ours. */
  promptCheck?: PromptTokenCheck;
}

/**
 * Sends unit `unit` of a level: turn t (0-based) of its conversation is request `unit × turns + t`,
 * announced just before it is sent and handed to `deliver` as it ends. A turn that fails or produces no
 * answer ends the conversation (its history would be wrong), and so does cancelling. Never rejects for a
 * request's failure: that is a record.
 */
export async function sendUnit(
  ctx: UnitContext,
  level: number,
  unit: number,
  deliver: (raw: RawRequest) => void,
  announce?: (index: number) => void,
): Promise<void> {
  const conversation = ctx.plan.startConversation();
  const turns = ctx.plan.turns;
  for (let turn = 0; turn < turns; turn++) {
    if (turn > 0 && ctx.signal.aborted) return;
    const planned = conversation.next();
    if (planned === null) return;
    announce?.(unit * turns + turn);
    const raw = await streamRequest({
      dispatcher: ctx.dispatcher,
      origin: ctx.origin,
      target: ctx.target,
      params: planned.params,
      level,
      index: unit * turns + turn,
      timeoutMs: ctx.timeoutMs,
      idleTimeoutMs: ctx.idleTimeoutMs,
      signal: ctx.signal,
      headers: ctx.headers,
      onToken: ctx.onToken,
    });
    if (Object.keys(planned.workload).length > 0) raw.workload = planned.workload;
    const counters = raw.end.kind === 'done' ? raw.end.counters : null;
    if (planned.comparable) ctx.promptCheck?.observe(planned.workload.inputTokens, counters);
    // Read before delivering: the record takes the pieces over.
    const answer = turn + 1 < turns ? answerText(raw) : '';
    deliver(raw);
    if (counters === null || raw.pieces.length === 0 && raw.unstored === undefined) return;
    if (turn + 1 < turns) conversation.answered(answer, counters.outputTokens);
  }
}

/** The answer's text (thinking left out): what a chat client sends back as the assistant's message. */
function answerText(raw: RawRequest): string {
  let text = '';
  for (let i = 0; i < raw.pieces.length; i++) if (raw.pieceKinds.charCodeAt(i) === A_CODE) text += raw.pieces[i];
  return text;
}

const A_CODE = 'a'.charCodeAt(0);
