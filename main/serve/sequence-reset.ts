import type { LlamaContextSequence } from 'node-llama-cpp';

/**
 * Empties a sequence for its next request (all of it, or all but a prefix the next prompt reuses) without
 * stalling behind the others.
 *
 * Erasing a sequence needs node-llama-cpp's context lock, and its batch loop (3.21.1) keeps that lock
 * for as long as any sequence has a decode queued when a batch ends. Sampling finishes at different
 * moments for different sequences, so under continuous load some sequence has always queued its next
 * decode, the lock is never free, and a new request would wait until every running one has finished.
 * While a reset waits, generation loops therefore pause before their next decode (`whenClear`): the
 * batch loop runs dry within one step, lets go of the lock, and the reset (queued first) gets it.
 */
export class SequenceResetter {
  private waiting = 0;
  private cleared: Promise<void> | undefined;
  private release: (() => void) | undefined;

  /** Keeps the first `keep` tokens the sequence holds (a reused prompt prefix) and erases the rest. */
  async reset(sequence: LlamaContextSequence, keep = 0): Promise<void> {
    if (sequence.nextTokenIndex <= keep) return;
    if (this.waiting++ === 0) {
      this.cleared = new Promise((resolve) => {
        this.release = resolve;
      });
    }
    try {
      if (keep === 0) await sequence.clearHistory();
      else await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
    } finally {
      if (--this.waiting === 0) {
        this.release?.();
        this.cleared = undefined;
      }
    }
  }

  /** undefined when no reset waits (the hot path: no await); else resolves once every reset is done. */
  whenClear(): Promise<void> | undefined {
    return this.cleared;
  }
}
