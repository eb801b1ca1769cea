// Collects events and hands them over in batches, at most one batch per interval, so a run with a
// thousand streams costs a few renders a second however fast events come. Urgent events (the end of a
// run) flush at once, with everything queued before them.
export class EventBatcher<T> {
  private queue: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly onBatch: (batch: T[]) => void,
    private readonly isUrgent: (event: T) => boolean = () => false,
  ) {}

  push(event: T): void {
    if (this.closed) return;
    this.queue.push(event);
    if (this.isUrgent(event)) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.onBatch(batch);
  }

  /** Drops what is queued; later pushes are ignored. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}
