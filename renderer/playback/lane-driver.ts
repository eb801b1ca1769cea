// Drives every lane from one requestAnimationFrame loop: each frame reads the monotonic clock once,
// derives each lane's due count from its timeline (pacer.ts) and lets the lane append the difference.
import { laneFirstMs, laneFrame } from '../../common/playback/lane-frame.js';
import type { LaneSpec } from '../../common/playback/lanes.js';
import { newTimeline, pause, play, positionAt, seek, withRate, type Timeline } from '../../common/playback/token-clock.js';
import type { PlaybackText } from '../../common/playback/playback-text.js';
import { LaneRenderer } from './lane-renderer.js';

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export interface LaneDriverOptions {
  now?: () => number;
  frames?: FrameScheduler;
}

interface AttachedLane {
  spec: LaneSpec;
  renderer: LaneRenderer;
  /** Main-clock position when the lane was added: a lane added mid-play starts from its own zero. */
  startPos: number;
}

const browserFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(() => callback()),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export class LaneDriver {
  private readonly now: () => number;
  private readonly frames: FrameScheduler;
  private main: Timeline = newTimeline(1);
  private replay: Timeline = newTimeline(1);
  private readonly lanes = new Map<string, AttachedLane>();
  private frame: number | null = null;
  private waiting = false;
  private readonly listeners = new Set<() => void>();

  constructor(options: LaneDriverOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.frames = options.frames ?? browserFrames;
  }

  get playing(): boolean {
    return this.main.playing;
  }

  /** True while the replay lane has not shown its first token yet (as of the last drawn frame). */
  get replayWaiting(): boolean {
    return this.waiting;
  }

  /** Notified on play/pause/rate/wait changes (not every frame). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  attach(spec: LaneSpec, host: HTMLElement, text: PlaybackText): void {
    this.detach(spec.id);
    const renderer = new LaneRenderer(host, text, spec.kind === 'speed');
    const startPos = spec.kind === 'speed' ? positionAt(this.main, this.now()) : 0;
    this.lanes.set(spec.id, { spec, renderer, startPos });
    this.render();
  }

  detach(id: string): void {
    const lane = this.lanes.get(id);
    if (!lane) return;
    lane.renderer.dispose();
    this.lanes.delete(id);
  }

  play(): void {
    const now = this.now();
    this.main = play(this.main, now);
    this.replay = play(this.replay, now);
    this.schedule();
    this.changed();
  }

  pause(): void {
    const now = this.now();
    this.render(now);
    this.main = pause(this.main, now);
    this.replay = pause(this.replay, now);
    this.cancelFrame();
    this.changed();
  }

  /** Every lane back to zero and empty; keeps playing if it was. */
  restart(): void {
    const now = this.now();
    this.main = seek(this.main, 0, now);
    this.replay = seek(this.replay, 0, now);
    for (const lane of this.lanes.values()) {
      lane.startPos = 0;
      lane.renderer.reset();
    }
    this.render(now);
    this.changed();
  }

  /** Restarts only the replay pair (a new request chosen). */
  restartReplay(): void {
    const now = this.now();
    this.replay = seek(this.replay, 0, now);
    for (const lane of this.lanes.values()) if (lane.spec.kind !== 'speed') lane.renderer.reset();
    this.render(now);
    this.changed();
  }

  setReplayRate(rate: number): void {
    this.replay = withRate(this.replay, rate, this.now());
    this.changed();
  }

  /** Jumps the replay clock to its first token, so the wait is skipped, not shortened. */
  skipWait(): void {
    const first = this.replayFirstMs();
    const now = this.now();
    if (first === null || positionAt(this.replay, now) >= first) return;
    this.replay = seek(this.replay, first, now);
    this.render(now);
    this.changed();
  }

  /** Draws the lanes for one instant (the frame loop calls it; tests and pause call it directly). */
  render(now = this.now()): void {
    const mainPos = positionAt(this.main, now);
    const replayPos = positionAt(this.replay, now);
    for (const lane of this.lanes.values()) this.renderLane(lane, mainPos, replayPos);
    for (const lane of this.lanes.values()) lane.renderer.followEnd();
    const first = this.replayFirstMs();
    const waiting = first !== null && replayPos < first;
    if (waiting !== this.waiting) {
      this.waiting = waiting;
      this.changed();
    }
  }

  dispose(): void {
    this.cancelFrame();
    for (const id of [...this.lanes.keys()]) this.detach(id);
    this.listeners.clear();
  }

  private renderLane(lane: AttachedLane, mainPos: number, replayPos: number): void {
    const { spec, renderer } = lane;
    const position = spec.kind === 'speed' ? mainPos - lane.startPos : replayPos;
    const frame = laneFrame(spec, position, renderer.textLength, this.main.playing);
    renderer.advance(frame.shown);
    renderer.setState(frame.state);
    renderer.setStatus(frame.status);
  }

  private replayFirstMs(): number | null {
    for (const lane of this.lanes.values()) if (lane.spec.kind === 'replay') return laneFirstMs(lane.spec);
    return null;
  }

  private schedule(): void {
    if (this.frame !== null) return;
    this.frame = this.frames.request(() => {
      this.frame = null;
      if (!this.main.playing) return;
      this.render();
      this.schedule();
    });
  }

  private cancelFrame(): void {
    if (this.frame === null) return;
    this.frames.cancel(this.frame);
    this.frame = null;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
