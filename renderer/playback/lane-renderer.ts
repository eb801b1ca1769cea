// Draws one lane: appends the newly due pieces to the end of its text and nothing else. Model output
// only ever enters the page as Text node data, so markup in it stays inert text.
// The text is held in small blocks (one per paragraph, and one per switch between thinking and answer):
// appending re-lays out the last block only, not the whole lane (bench:playback measured 10 ms of layout
// per frame with one block per pass).
import type { LaneState } from '../../common/playback/lane-frame.js';
import type { PlaybackText } from '../../common/playback/playback-text.js';

/** A looping lane keeps this many passes of the text; older ones are dropped so the DOM stays small. */
const KEPT_PASSES = 2;
const FOLLOW_SLACK_PX = 8;

export class LaneRenderer {
  readonly root: HTMLElement;
  private readonly status: HTMLElement;
  private readonly statusText: Text;
  private readonly scroll: HTMLElement;
  private readonly body: HTMLElement;
  private following = true;
  private grew = false;
  private shown = 0;
  private pass: HTMLElement | null = null;
  /** The text node of the last block: new pieces are appended to its data. */
  private run: Text | null = null;
  private runKind = '';
  private statusLine = '';

  constructor(
    host: HTMLElement,
    private readonly text: PlaybackText,
    /** Speed lanes repeat the text; a replay plays it once. */
    private readonly loop: boolean,
  ) {
    const doc = host.ownerDocument;
    this.root = doc.createElement('div');
    this.root.className = 'pb-lane-live';
    this.status = doc.createElement('div');
    this.status.className = 'pb-status';
    this.statusText = doc.createTextNode('');
    this.status.append(this.statusText);
    this.scroll = doc.createElement('div');
    this.scroll.className = 'pb-scroll';
    this.body = doc.createElement('div');
    this.body.className = 'pb-text';
    this.scroll.append(this.body);
    // Follow the newest text unless the reader scrolled up to read; scrolling back down follows again.
    this.scroll.addEventListener('scroll', () => {
      const { scrollTop, clientHeight, scrollHeight } = this.scroll;
      this.following = scrollTop + clientHeight >= scrollHeight - FOLLOW_SLACK_PX;
    });
    this.root.append(this.status, this.scroll);
    host.append(this.root);
    this.setState('idle');
    this.root.dataset.tokens = '0';
  }

  get tokensShown(): number {
    return this.shown;
  }

  /** Pieces in the text the lane plays. */
  get textLength(): number {
    return this.text.pieces.length;
  }

  /** Total pieces that can ever be shown; Infinity for a looping lane. */
  private get capacity(): number {
    return this.loop ? Number.POSITIVE_INFINITY : this.text.pieces.length;
  }

  /** Appends pieces up to `count` (never removes: a count below what is shown waits for reset()). */
  advance(count: number): void {
    const n = this.text.pieces.length;
    const target = Math.min(count, this.capacity);
    if (n === 0 || target <= this.shown) return;
    let chunk = '';
    for (let i = this.shown; i < target; i++) {
      const at = i % n;
      const kind = this.text.kinds[at] === 't' ? 't' : 'a';
      if (at === 0 || kind !== this.runKind) {
        this.flush(chunk);
        chunk = '';
        if (at === 0) this.startPass();
        this.startBlock(kind);
      }
      const piece = this.text.pieces[at];
      const newline = piece.lastIndexOf('\n');
      if (newline < 0) {
        chunk += piece;
        continue;
      }
      // A paragraph ends with its newline; what follows opens the next block.
      this.flush(chunk + piece.slice(0, newline + 1));
      chunk = piece.slice(newline + 1);
      this.startBlock(kind);
    }
    this.flush(chunk);
    this.shown = target;
    this.grew = true;
    this.root.dataset.tokens = String(target);
  }

  /**
   * Scrolls to the newest text if the lane grew and is following. The lane driver calls it for every lane after
   * all of them appended, so the frame pays for one layout, not one per lane. Text grows downwards and
   * old lines keep their place: only the new text is painted (bottom-anchored flex made every frame
   * repaint each whole lane).
   */
  followEnd(): void {
    if (!this.grew) return;
    this.grew = false;
    if (this.following) this.scroll.scrollTop = this.scroll.scrollHeight;
  }

  setStatus(line: string): void {
    if (line === this.statusLine) return;
    this.statusLine = line;
    this.statusText.data = line;
  }

  setState(state: LaneState): void {
    if (this.root.dataset.state !== state) this.root.dataset.state = state;
  }

  reset(): void {
    this.body.replaceChildren();
    this.pass = null;
    this.run = null;
    this.runKind = '';
    this.shown = 0;
    this.root.dataset.tokens = '0';
    this.setState('idle');
  }

  dispose(): void {
    this.root.remove();
  }

  private startPass(): void {
    const doc = this.body.ownerDocument;
    this.pass = doc.createElement('div');
    this.pass.className = 'pb-pass';
    this.body.append(this.pass);
    while (this.body.childElementCount > KEPT_PASSES) this.body.firstElementChild?.remove();
    this.run = null;
    this.runKind = '';
  }

  private startBlock(kind: string): void {
    if (!this.pass) this.startPass();
    const doc = this.body.ownerDocument;
    const block = doc.createElement('div');
    block.className = kind === 't' ? 'pb-think' : 'pb-answer';
    this.run = doc.createTextNode('');
    block.append(this.run);
    this.pass?.append(block);
    this.runKind = kind;
  }

  private flush(chunk: string): void {
    if (chunk.length > 0) this.run?.appendData(chunk);
  }
}
