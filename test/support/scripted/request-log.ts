// One generation request's ground truth. Token times live in a preallocated Float64Array so that
// logging a million tokens costs no per-token allocation.
import type { ApiKind, Fault, RequestLogEntry, RequestOutcome } from './types.js';

const EMPTY = new Float64Array(0);

export class LogEntry implements RequestLogEntry {
  model = '';
  body: unknown = null;
  stream = true;
  slotAt: number | null = null;
  headersAt: number | null = null;
  firstTokenAt: number | null = null;
  lastTokenAt: number | null = null;
  tokens = 0;
  thinkingTokens = 0;
  endAt: number | null = null;
  outcome: RequestOutcome | null = null;
  status: number | null = null;
  fault: Fault | null = null;
  doneReason: 'stop' | 'length' | null = null;
  headers: Record<string, string | string[] | undefined> = {};
  cachedPromptTokens = 0;
  private times: Float64Array = EMPTY;

  constructor(
    readonly index: number,
    readonly path: string,
    readonly api: ApiKind,
    readonly arrivedAt: number,
  ) {}

  get tokenTimes(): Float64Array {
    return this.times.subarray(0, Math.min(this.tokens, this.times.length));
  }

  /** Makes room for `count` token times; without it tokens are counted but not timed. */
  reserveTokenTimes(count: number): void {
    this.times = new Float64Array(count);
  }

  /** Records tokens [tokens, upTo) as written at `at`. */
  wrote(upTo: number, at: number, thinkingTotal: number): void {
    if (upTo <= this.tokens) return;
    if (this.times.length > 0) this.times.fill(at, this.tokens, upTo);
    if (this.firstTokenAt === null) this.firstTokenAt = at;
    this.lastTokenAt = at;
    this.tokens = upTo;
    this.thinkingTokens = Math.min(upTo, thinkingTotal);
  }

  finish(outcome: RequestOutcome, at: number = performance.now()): void {
    if (this.outcome !== null) return;
    this.outcome = outcome;
    this.endAt = at;
  }

  toJSON(): unknown {
    return { ...this, times: undefined, tokenTimes: Array.from(this.tokenTimes) };
  }
}
