// A lane's text as lines of a fixed width, grown one token at a time (what LaneRenderer does with DOM text,
// for a canvas): pieces are appended to the last line and wrap at token boundaries, a newline ends a line,
// thinking and answer never share a line. Incremental because frames are painted in time order: frame k
// appends only the pieces that became due since frame k − 1.
import type { PlaybackText } from './playback-text.js';

export type LineKind = 'a' | 't' | 'gap' | 'pass';

export interface TextLine {
  /** 'a' answer, 't' thinking, 'gap' the space between thinking and answer, 'pass' where a looping lane starts over. */
  kind: LineKind;
  text: string;
}

/** Width in pixels of `text` in the font of `kind` ('a' or 't'). */
export type MeasureText = (text: string, kind: 'a' | 't') => number;

/** Lines kept: far more than a lane can show; older ones are dropped so a long clip stays small. */
const KEPT_LINES = 400;

export class LaneTextLayout {
  private lines: TextLine[] = [];
  /** The last line can still grow (no newline, no wrap, no kind switch since it began). */
  private open = false;
  private openWidth = 0;
  private count = 0;

  constructor(
    private readonly text: PlaybackText,
    /** Available width per kind (thinking is indented). */
    private readonly widths: Readonly<Record<'a' | 't', number>>,
    private readonly measure: MeasureText,
    /** Speed lanes repeat the text; a replay plays it once. */
    private readonly loop: boolean,
  ) {}

  get shown(): number {
    return this.count;
  }

  /** The lines so far, oldest first (at most KEPT_LINES). */
  get all(): readonly TextLine[] {
    return this.lines;
  }

  /** Lays out pieces up to `count`; a smaller count than shown starts again from nothing. */
  advanceTo(count: number): void {
    const n = this.text.pieces.length;
    const target = this.loop ? count : Math.min(count, n);
    if (target < this.count) this.reset();
    for (let i = this.count; i < target && n > 0; i++) {
      const at = i % n;
      const kind = this.text.kinds[at] === 't' ? 't' : 'a';
      if (at === 0 && i > 0) {
        this.close();
        this.push({ kind: 'pass', text: '' });
      }
      this.append(this.text.pieces[at], kind);
    }
    this.count = Math.max(this.count, target);
    if (this.lines.length > KEPT_LINES * 2) this.lines = this.lines.slice(-KEPT_LINES);
  }

  reset(): void {
    this.lines = [];
    this.open = false;
    this.openWidth = 0;
    this.count = 0;
  }

  private append(piece: string, kind: 'a' | 't'): void {
    const last = this.lines[this.lines.length - 1];
    if (last && (last.kind === 'a' || last.kind === 't') && last.kind !== kind) {
      this.close();
      this.push({ kind: 'gap', text: '' });
    }
    const segments = piece.replace(/\r/g, '').replace(/\t/g, '  ').split('\n');
    segments.forEach((segment, j) => {
      if (j > 0) this.newline(kind);
      if (segment.length > 0) this.appendSegment(segment, kind);
    });
  }

  /** A newline ends the open line; one with no open line is an empty line (a paragraph break). */
  private newline(kind: 'a' | 't'): void {
    if (this.open) this.close();
    else this.push({ kind, text: '' });
  }

  private appendSegment(segment: string, kind: 'a' | 't'): void {
    const max = this.widths[kind];
    if (!this.open) this.openLine(kind);
    const width = this.measure(segment, kind);
    if (this.openWidth + width <= max) {
      this.extend(segment, width);
      return;
    }
    const current = this.lines[this.lines.length - 1];
    let rest = segment;
    // A token that continues a word ("." after "begins") takes the word's start with it to the next line.
    const space = /^\s/.test(segment) ? -1 : current.text.search(/\s\S*$/);
    if (space > 0) {
      const carried = current.text.slice(space + 1);
      current.text = current.text.slice(0, space);
      this.close();
      this.openLine(kind);
      const moved = carried + segment;
      const movedWidth = this.measure(moved, kind);
      if (movedWidth <= max) this.extend(moved, movedWidth);
      else this.breakLong(moved, kind, max);
      return;
    }
    // Wrap at the token boundary; the space that separated the words is not carried to the new line.
    if (current.text.length > 0) {
      this.close();
      rest = segment.replace(/^\s+/, '');
      if (rest.length === 0) return;
      this.openLine(kind);
      const restWidth = this.measure(rest, kind);
      if (restWidth <= max) {
        this.extend(rest, restWidth);
        return;
      }
    }
    this.breakLong(rest, kind, max);
  }

  /** A token wider than the lane: split by characters (code points). */
  private breakLong(segment: string, kind: 'a' | 't', max: number): void {
    let line = '';
    for (const char of segment) {
      const candidate = line + char;
      if (line.length > 0 && this.measure(candidate, kind) > max) {
        this.extend(line, this.measure(line, kind));
        this.close();
        this.openLine(kind);
        line = char;
      } else {
        line = candidate;
      }
    }
    if (line.length > 0) this.extend(line, this.measure(line, kind));
  }

  private openLine(kind: 'a' | 't'): void {
    this.push({ kind, text: '' });
    this.open = true;
    this.openWidth = 0;
  }

  private extend(text: string, width: number): void {
    this.lines[this.lines.length - 1].text += text;
    this.openWidth += width;
  }

  private close(): void {
    this.open = false;
    this.openWidth = 0;
  }

  private push(line: TextLine): void {
    this.lines.push(line);
    if (line.kind === 'gap' || line.kind === 'pass') this.open = false;
  }
}
