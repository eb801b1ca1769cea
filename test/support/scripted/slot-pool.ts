// Decode slots with a FIFO wait queue, like Ollama's OLLAMA_NUM_PARALLEL / OLLAMA_MAX_QUEUE.

export type SlotTicket = { granted: true } | { granted: false; wait: Promise<boolean> } | 'full';

export class SlotPool {
  private active = 0;
  private readonly waiting: Array<(granted: boolean) => void> = [];
  private peak = 0;

  constructor(
    private readonly slots: number,
    private readonly queueLimit: number,
  ) {
    if (!(slots >= 1)) throw new Error(`slots must be ≥ 1, got ${slots}`);
    if (!(queueLimit >= 0)) throw new Error(`queue must be ≥ 0, got ${queueLimit}`);
  }

  get decoding(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get maxConcurrent(): number {
    return this.peak;
  }

  /** A slot now, a place in the queue (resolves true when granted, false when aborted), or 'full'. */
  acquire(signal: AbortSignal): SlotTicket {
    if (this.active < this.slots) {
      this.take();
      return { granted: true };
    }
    if (this.waiting.length >= this.queueLimit) return 'full';
    const wait = new Promise<boolean>((resolve) => {
      const grant = (granted: boolean): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(granted);
      };
      const onAbort = (): void => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        grant(false);
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return { granted: false, wait };
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) {
      // The slot passes straight to the next waiter; `active` does not change.
      next(true);
      return;
    }
    this.active--;
  }

  private take(): void {
    this.active++;
    if (this.active > this.peak) this.peak = this.active;
  }
}
