import { QueueFullError, ServerClosingError } from './errors.js';

/** A slot held by one request; `release` hands it to the next waiter and is safe to call twice. */
export interface SlotLease<T> {
  readonly slot: T;
  release(): void;
}

interface Waiter<T> {
  resolve(lease: SlotLease<T>): void;
  reject(error: unknown): void;
  detach(): void;
}

export interface SlotQueueStats {
  slots: number;
  busy: number;
  queued: number;
  maxQueue: number;
}

/**
 * Ollama's admission model: `slots.length` requests run at once, up to `maxQueue` more wait in FIFO
 * order, and any request beyond that is refused at once with QueueFullError (HTTP 503). A waiter whose
 * signal aborts leaves the line without ever taking a slot.
 */
export class SlotQueue<T> {
  private readonly free: T[];
  private readonly waiters: Waiter<T>[] = [];
  private closed = false;

  constructor(
    private readonly slots: readonly T[],
    readonly maxQueue: number,
  ) {
    if (slots.length === 0) throw new RangeError('a slot queue needs at least one slot');
    if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new RangeError('maxQueue must be an integer ≥ 0');
    this.free = [...slots];
  }

  stats(): SlotQueueStats {
    return {
      slots: this.slots.length,
      busy: this.slots.length - this.free.length,
      queued: this.waiters.length,
      maxQueue: this.maxQueue,
    };
  }

  /**
   * Rejects with QueueFullError, ServerClosingError, or the signal's reason. `prefer` scores a free slot
   * (e.g. how much of the prompt it still holds, like llama.cpp's slot choice by prompt similarity): the
   * highest wins, ties the most recently freed. A waiter takes whichever slot frees first.
   */
  acquire(signal?: AbortSignal, prefer?: (slot: T) => number): Promise<SlotLease<T>> {
    if (this.closed) return Promise.reject(new ServerClosingError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const slot = this.takeFree(prefer);
    if (slot !== undefined) return Promise.resolve(this.lease(slot));
    if (this.waiters.length >= this.maxQueue) return Promise.reject(new QueueFullError());
    return new Promise<SlotLease<T>>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter<T> = {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Refuses new requests and rejects everyone still waiting; running leases finish or abort on their own. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      waiter.detach();
      waiter.reject(new ServerClosingError());
    }
  }

  private takeFree(prefer: ((slot: T) => number) | undefined): T | undefined {
    if (prefer === undefined || this.free.length < 2) return this.free.pop();
    let best = this.free.length - 1;
    let bestScore = prefer(this.free[best]);
    for (let i = this.free.length - 2; i >= 0; i--) {
      const score = prefer(this.free[i]);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return this.free.splice(best, 1)[0];
  }

  private lease(slot: T): SlotLease<T> {
    let released = false;
    return {
      slot,
      release: () => {
        if (released) return;
        released = true;
        this.handOver(slot);
      },
    };
  }

  private handOver(slot: T): void {
    const next = this.waiters.shift();
    if (next === undefined) {
      this.free.push(slot);
      return;
    }
    next.detach();
    next.resolve(this.lease(slot));
  }
}
