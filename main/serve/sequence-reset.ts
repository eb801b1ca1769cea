import type { LlamaContextSequence } from 'node-llama-cpp';

/**
 * Empties a sequence for its next request without stalling behind the others.
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

  async reset(sequence: LlamaContextSequence): Promise<void> {
    if (sequence.nextTokenIndex === 0) return;
    if (this.waiting++ === 0) {
      this.cleared = new Promise((resolve) => {
        this.release = resolve;
      });
    }
    try {
      await sequence.clearHistory();
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
