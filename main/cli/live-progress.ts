import type { RunConfig } from '../../common/run-config.js';
import type { BenchmarkEvents } from '../engine/run-benchmark.js';
import { RunProgress } from '../run/run-progress.js';
import { ProgressBar, type ProgressStream } from './progress.js';

/** Draws the engine's progress on stderr; the bar throttles itself, tokens redraw every 256 chunks. */
export class LiveProgress {
  private readonly bar: ProgressBar;
  private readonly progress: RunProgress;
  readonly events: BenchmarkEvents;

  constructor(stream: ProgressStream, config: RunConfig, now: () => number) {
    this.bar = new ProgressBar(stream, { now });
    this.progress = new RunProgress(config, now, () => this.draw());
    const tracked = this.progress.events;
    this.events = {
      ...tracked,
      onToken: () => {
        tracked.onToken();
        if ((this.progress.levelTokens & 255) === 0) this.draw();
      },
    };
  }

  done(): void {
    this.bar.done();
  }

  private draw(): void {
    this.bar.update(this.progress.snapshot());
  }
}
