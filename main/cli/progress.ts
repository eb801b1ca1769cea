export type ProgressPhase = 'warmup' | 'level' | 'cooldown' | 'finishing';

export interface ProgressState {
  /** 0-based; shown 1-based ("level 3/4"). */
  levelIndex: number;
  levelCount: number;
  concurrency: number;
  /** Requests of this level that have ended (ok or error). */
  done: number;
  /** Requests this level will send; null when it runs for a duration (sustained mode). */
  total: number | null;
  liveTokensPerSecond: number | null;
  etaMs: number | null;
  errors: number;
  phase: ProgressPhase;
  /** Time into the level (or the warm-up); with `durationMs` it drives the bar when `total` is null. */
  elapsedMs?: number;
  durationMs?: number;
  /** The level in words ("2 requests/s"); default "<concurrency> parallel". */
  levelLabel?: string;
}

const SEPARATOR = ' · ';
const BAR_MIN_CELLS = 6;
const BAR_MAX_CELLS = 24;
/** Segments less useful than the bar go before it when the line is too narrow. */
const BAR_KEEP = 6;

interface Segment {
  text: string;
  /** Higher survives longer when the line must shrink. */
  keep: number;
}

/**
 * One status line of at most `width` characters, no newline:
 * `level 3/4 · 4 parallel ▕████████░░░░▏ 12/16 req · 84.2 t/s · ETA 0:41 · errors 0`.
 * When narrow, the bar shrinks first, then the least useful parts go (parallel, t/s, ETA), then the
 * bar itself, then errors and counts; the level is the last thing left, cut with "…" if need be.
 */
export function renderProgress(state: ProgressState, width: number): string {
  const columns = Math.max(0, Math.floor(width));
  const { head, tail } = segments(state);
  const fraction = barFraction(state);
  let kept = [...head, ...tail];
  let withBar = fraction !== null;
  for (;;) {
    const headText = join(kept.filter((segment) => head.includes(segment)));
    const tailText = join(kept.filter((segment) => tail.includes(segment)));
    if (withBar && fraction !== null) {
      const overhead = 2 + (headText ? 1 : 0) + (tailText ? 1 : 0);
      const cells = Math.min(BAR_MAX_CELLS, columns - headText.length - tailText.length - overhead);
      if (cells >= BAR_MIN_CELLS) return [headText, bar(fraction, cells), tailText].filter(Boolean).join(' ');
    } else {
      const text = join(kept);
      if (text.length <= columns) return text;
    }
    const weakest = weakestOf(kept);
    if (withBar && weakest.keep > BAR_KEEP) withBar = false;
    else if (kept.length > 1) kept = kept.filter((segment) => segment !== weakest);
    else return truncate(join(kept), columns);
  }
}

function segments(state: ProgressState): { head: Segment[]; tail: Segment[] } {
  const level: Segment = { text: `level ${state.levelIndex + 1}/${state.levelCount}`, keep: 9 };
  const parallel: Segment = { text: state.levelLabel ?? `${state.concurrency} parallel`, keep: 3 };
  const errors: Segment = { text: `errors ${state.errors}`, keep: 7 };
  const eta: Segment | null = known(state.etaMs) ? { text: `ETA ${clock(state.etaMs)}`, keep: 5 } : null;
  const speed: Segment | null = known(state.liveTokensPerSecond)
    ? { text: `${rate(state.liveTokensPerSecond)} t/s`, keep: 4 }
    : null;
  const optional = (...items: (Segment | null)[]): Segment[] => items.filter((item): item is Segment => item !== null);

  switch (state.phase) {
    case 'warmup': {
      const elapsed = known(state.elapsedMs) ? { text: clock(state.elapsedMs, 'down'), keep: 5 } : null;
      return { head: [{ text: 'warm-up request (not counted)', keep: 9 }], tail: optional(elapsed) };
    }
    case 'cooldown':
      return { head: [level, parallel], tail: optional({ text: 'cooling down', keep: 8 }, eta, errors) };
    case 'finishing':
      return { head: [level, parallel], tail: optional({ text: 'finishing', keep: 8 }, errors) };
    case 'level':
      return { head: [level, parallel], tail: optional(countSegment(state), speed, eta, errors) };
  }
}

function countSegment(state: ProgressState): Segment {
  if (state.total !== null) return { text: `${state.done}/${state.total} req`, keep: 8 };
  const time =
    known(state.elapsedMs) && known(state.durationMs)
      ? ` · ${clock(state.elapsedMs, 'down')}/${clock(state.durationMs, 'down')}`
      : known(state.elapsedMs)
        ? ` · ${clock(state.elapsedMs, 'down')}`
        : '';
  return { text: `${state.done} req${time}`, keep: 8 };
}

/** How full the bar is, or null when there is nothing to measure against. */
function barFraction(state: ProgressState): number | null {
  if (state.phase !== 'level') return null;
  if (state.total !== null) return state.total > 0 ? clamp01(state.done / state.total) : null;
  if (known(state.elapsedMs) && known(state.durationMs) && state.durationMs > 0) {
    return clamp01(state.elapsedMs / state.durationMs);
  }
  return null;
}

function bar(fraction: number, cells: number): string {
  const filled = Math.floor(fraction * cells);
  return `▕${'█'.repeat(filled)}${'░'.repeat(cells - filled)}▏`;
}

function weakestOf(kept: Segment[]): Segment {
  let weakest = kept[0];
  for (const segment of kept) if (segment.keep < weakest.keep) weakest = segment;
  return weakest;
}

function join(kept: Segment[]): string {
  return kept.map((segment) => segment.text).join(SEPARATOR);
}

function truncate(text: string, columns: number): string {
  if (text.length <= columns) return text;
  return columns <= 0 ? '' : `${text.slice(0, columns - 1)}…`;
}

function known(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function rate(tokensPerSecond: number): string {
  return tokensPerSecond >= 1000 ? Math.round(tokensPerSecond).toString() : tokensPerSecond.toFixed(1);
}

/**
 * m:ss, or h:mm:ss from an hour. Time left rounds up (so "0:00" only shows when nothing is left);
 * time spent rounds down, like a stopwatch.
 */
export function clock(ms: number, rounding: 'up' | 'down' = 'up'): string {
  const total = Math.max(0, rounding === 'up' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The part of a stream ProgressBar needs; `process.stderr` is one. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  now?: () => number;
  /** Least time between two redraws on a TTY, ms. */
  intervalMs?: number;
  /** Line width when the stream does not report its columns. */
  fallbackWidth?: number;
}

const CLEAR_TO_EOL = '\x1b[K';

/**
 * Draws renderProgress on a terminal, redrawing in place at most every `intervalMs` (a level or phase
 * change always redraws). On a pipe or a CI log it writes a plain line when a level starts and one
 * at the end, so logs stay readable. Keeps no timer: updates are throttled by their timestamps.
 */
export class ProgressBar {
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly fallbackWidth: number;
  private last: ProgressState | null = null;
  private lastDrawnAt = Number.NEGATIVE_INFINITY;
  private lastDrawnKey: string | null = null;
  private lastLine: string | null = null;
  private pending = false;
  private finished = false;

  constructor(
    private readonly stream: ProgressStream,
    options: ProgressBarOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.intervalMs = options.intervalMs ?? 100;
    this.fallbackWidth = options.fallbackWidth ?? 80;
  }

  update(state: ProgressState): void {
    if (this.finished) return;
    this.last = state;
    if (this.stream.isTTY !== true) {
      const key = levelKey(state);
      if (key !== this.lastDrawnKey) this.printLine(state, key);
      return;
    }
    const key = stageKey(state);
    const at = this.now();
    if (key !== this.lastDrawnKey || at - this.lastDrawnAt >= this.intervalMs) {
      this.drawInPlace(state, key, at);
    } else {
      this.pending = true;
    }
  }

  /** A message between progress lines (a warning, say), without tearing the bar on a terminal. */
  note(message: string): void {
    if (this.stream.isTTY === true && this.lastLine !== null && !this.finished) {
      this.stream.write(`\r${CLEAR_TO_EOL}${message}\n\r${this.lastLine}${CLEAR_TO_EOL}`);
    } else {
      this.stream.write(`${message}\n`);
    }
  }

  /** Shows the latest state and ends the line. Later calls do nothing. */
  done(): void {
    if (this.finished) return;
    const state = this.last;
    if (this.stream.isTTY === true) {
      if (state !== null && this.pending) this.drawInPlace(state, stageKey(state), this.now());
      if (this.lastLine !== null) this.stream.write('\n');
    } else if (state !== null) {
      const line = renderProgress(state, this.width());
      if (line !== this.lastLine) this.stream.write(`${line}\n`);
    }
    this.finished = true;
  }

  private drawInPlace(state: ProgressState, key: string, at: number): void {
    const line = renderProgress(state, this.width());
    this.stream.write(`\r${line}${CLEAR_TO_EOL}`);
    this.lastLine = line;
    this.lastDrawnAt = at;
    this.lastDrawnKey = key;
    this.pending = false;
  }

  private printLine(state: ProgressState, key: string): void {
    const line = renderProgress(state, this.width());
    this.stream.write(`${line}\n`);
    this.lastLine = line;
    this.lastDrawnKey = key;
  }

  /** One column short of the terminal: writing the last column makes some terminals wrap. */
  private width(): number {
    const columns = this.stream.columns;
    return typeof columns === 'number' && columns > 1 ? columns - 1 : this.fallbackWidth;
  }
}

/** On a terminal every change of phase or level redraws at once, throttle or not. */
function stageKey(state: ProgressState): string {
  return `${state.phase}:${state.levelIndex}`;
}

/** In a log one line per level (and one for the warm-up) is enough. */
function levelKey(state: ProgressState): string {
  return state.phase === 'warmup' ? 'warmup' : `level:${state.levelIndex}`;
}
