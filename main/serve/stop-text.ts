/**
 * Ends generation at the first occurrence of a stop string, which is never emitted. Text that might be
 * the start of a stop string is held back until the next piece decides it (as Ollama and llama.cpp do),
 * so a chunk can then carry the text of more than one token.
 */
export class StopTextFilter {
  private held = '';
  private readonly stops: string[];

  constructor(stops: readonly string[]) {
    this.stops = stops.filter((stop) => stop.length > 0);
  }

  /** `emit` is the text now safe to send; `stopped` means a stop string was found and generation must end. */
  push(text: string): { emit: string; stopped: boolean } {
    if (this.stops.length === 0) return { emit: text, stopped: false };
    this.held += text;
    let cut = -1;
    for (const stop of this.stops) {
      const at = this.held.indexOf(stop);
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) {
      const emit = this.held.slice(0, cut);
      this.held = '';
      return { emit, stopped: true };
    }
    const keep = this.longestStopPrefixSuffix();
    const emit = this.held.slice(0, this.held.length - keep);
    this.held = this.held.slice(this.held.length - keep);
    return { emit, stopped: false };
  }

  /** Held-back text at the end of generation: it turned out not to be a stop string. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  private longestStopPrefixSuffix(): number {
    let best = 0;
    for (const stop of this.stops) {
      const max = Math.min(stop.length - 1, this.held.length);
      for (let length = max; length > best; length--) {
        if (this.held.endsWith(stop.slice(0, length))) {
          best = length;
          break;
        }
      }
    }
    return best;
  }
}
