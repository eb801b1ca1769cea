// The frame painter: draws one frame state (frame-state.ts) onto a 2D canvas — lanes side by side, each
// with its label, its status line and the newest lines of its text (thinking grey, italic and indented
// behind a bar, as in the view), and the caption band. The browser's export and `tokenbench playback`
// both paint with it. Painting is a function of the frame state; the line layout it keeps per lane is a
// cache that lets frames painted in time order lay out only their new tokens.
import type { Canvas2D } from './canvas-2d.js';
import type { Clip, FrameState } from './frame-state.js';
import { EXPORT_FONTS, PLAYBACK_COLORS, type ExportFonts } from './playback-theme.js';
import { LaneTextLayout, type TextLine } from './text-layout.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where everything sits in a frame of the clip's size, and at which font sizes. */
export interface FrameGeometry {
  lanes: Box[];
  band: Box;
  pad: number;
  fontPx: number;
  lineHeight: number;
  statusPx: number;
  captionPx: number;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** Lanes per row: up to three side by side, then two rows (four lanes as 2 × 2). */
function columns(lanes: number): number {
  if (lanes <= 3) return Math.max(1, lanes);
  return lanes === 4 ? 2 : Math.ceil(lanes / 2);
}

export function frameGeometry(width: number, height: number, laneCount: number): FrameGeometry {
  const pad = Math.max(4, Math.round(Math.min(width, height) * 0.02));
  const captionPx = clamp(Math.round(height * 0.032), 9, 18);
  const bandHeight = Math.round(captionPx * 1.35 * 2 + pad);
  const cols = columns(laneCount);
  const rows = Math.max(1, Math.ceil(laneCount / cols));
  const areaWidth = width - 2 * pad;
  const areaHeight = height - bandHeight - 2 * pad;
  const laneWidth = Math.floor((areaWidth - (cols - 1) * pad) / cols);
  const laneHeight = Math.floor((areaHeight - (rows - 1) * pad) / rows);
  const lanes: Box[] = Array.from({ length: laneCount }, (_, i) => ({
    x: pad + (i % cols) * (laneWidth + pad),
    y: pad + Math.floor(i / cols) * (laneHeight + pad),
    width: laneWidth,
    height: laneHeight,
  }));
  const fontPx = clamp(Math.round(Math.min(laneHeight / 14, laneWidth / 19)), 8, 24);
  return {
    lanes,
    band: { x: 0, y: height - bandHeight, width, height: bandHeight },
    pad,
    fontPx,
    lineHeight: Math.round(fontPx * 1.4),
    statusPx: Math.max(8, Math.round(fontPx * 0.8)),
    captionPx,
  };
}

export interface FramePainter {
  readonly geometry: FrameGeometry;
  /** Paints the whole frame; frames may come in any order (going back lays the text out again). */
  paint(state: FrameState): void;
}

export function createFramePainter(ctx: Canvas2D, clip: Pick<Clip, 'lanes' | 'text' | 'caption' | 'width' | 'height'>, fonts: ExportFonts = EXPORT_FONTS): FramePainter {
  const geometry = frameGeometry(clip.width, clip.height, clip.lanes.length);
  const { fontPx, lineHeight, statusPx, captionPx } = geometry;
  const inner = Math.max(3, Math.round(fontPx * 0.5));
  const indent = Math.round(fontPx * 0.8);
  const font = {
    a: `${fontPx}px ${fonts.sans}`,
    t: `italic ${fontPx}px ${fonts.sans}`,
    label: `bold ${fontPx}px ${fonts.sans}`,
    status: `${statusPx}px ${fonts.mono}`,
    caption: `${captionPx}px ${fonts.sans}`,
  };
  let currentFont = '';
  const useFont = (value: string): void => {
    if (value === currentFont) return;
    ctx.font = value;
    currentFont = value;
  };
  const widths = new Map<string, number>();
  const measure = (text: string, kind: 'a' | 't'): number => {
    const key = kind + text;
    let width = widths.get(key);
    if (width === undefined) {
      useFont(font[kind]);
      width = ctx.measureText(text).width;
      widths.set(key, width);
    }
    return width;
  };
  const layouts = clip.lanes.map((spec, i) => {
    const textWidth = geometry.lanes[i].width - 2 * inner;
    return new LaneTextLayout(clip.text, { a: textWidth, t: textWidth - indent }, measure, spec.kind === 'speed');
  });

  /** `text` cut to `max` px with an ellipsis. */
  const fit = (text: string, max: number): string => {
    if (ctx.measureText(text).width <= max) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(`${text.slice(0, mid)}…`).width <= max) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo)}…`;
  };

  const lineHeightOf = (line: TextLine): number => (line.kind === 'gap' ? Math.round(lineHeight / 2) : line.kind === 'pass' ? Math.round(lineHeight * 0.6) : lineHeight);

  function paintText(box: Box, lines: readonly TextLine[]): void {
    // Follow the end: the newest lines that fit, drawn from the top of the area.
    let used = 0;
    let first = lines.length;
    while (first > 0 && used + lineHeightOf(lines[first - 1]) <= box.height) {
      first -= 1;
      used += lineHeightOf(lines[first]);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.x, box.y, box.width, box.height);
    ctx.clip();
    let y = box.y;
    for (let i = first; i < lines.length; i++) {
      const line = lines[i];
      const h = lineHeightOf(line);
      if (line.kind === 'pass') {
        ctx.strokeStyle = PLAYBACK_COLORS.border;
        ctx.lineWidth = 1;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(box.x, Math.round(y + h / 2) + 0.5);
        ctx.lineTo(box.x + box.width, Math.round(y + h / 2) + 0.5);
        ctx.stroke();
        ctx.setLineDash([]);
      } else if (line.kind === 't') {
        ctx.fillStyle = PLAYBACK_COLORS.thinkingBar;
        ctx.fillRect(box.x, y, Math.max(2, Math.round(fontPx / 6)), h);
        ctx.fillStyle = PLAYBACK_COLORS.thinking;
        useFont(font.t);
        ctx.fillText(line.text, box.x + indent, y + (h - fontPx) / 2);
      } else if (line.kind === 'a') {
        ctx.fillStyle = PLAYBACK_COLORS.text;
        useFont(font.a);
        ctx.fillText(line.text, box.x, y + (h - fontPx) / 2);
      }
      y += h;
    }
    ctx.restore();
    // restore() brings back the font of save(): forget which one is set.
    currentFont = '';
  }

  function paintCaption(): void {
    const { band, pad } = geometry;
    ctx.fillStyle = PLAYBACK_COLORS.band;
    ctx.fillRect(band.x, band.y, band.width, band.height);
    ctx.fillStyle = PLAYBACK_COLORS.bandText;
    useFont(font.caption);
    const max = band.width - 2 * pad;
    const [first, second] = wrapTwo(clip.caption, max, (text) => ctx.measureText(text).width);
    const lineGap = Math.round(captionPx * 1.35);
    const top = band.y + Math.round((band.height - (second === undefined ? 1 : 2) * lineGap) / 2) + Math.round((lineGap - captionPx) / 2);
    ctx.fillText(first, pad, top);
    if (second !== undefined) ctx.fillText(fit(second, max), pad, top + lineGap);
  }

  return {
    geometry,
    paint(state: FrameState): void {
      ctx.textBaseline = 'top';
      currentFont = '';
      ctx.fillStyle = PLAYBACK_COLORS.page;
      ctx.fillRect(0, 0, clip.width, clip.height);
      state.lanes.forEach(({ spec, frame }, i) => {
        const box = geometry.lanes[i];
        if (!box) return;
        ctx.fillStyle = PLAYBACK_COLORS.lane;
        ctx.fillRect(box.x, box.y, box.width, box.height);
        ctx.strokeStyle = spec.kind === 'replay' ? PLAYBACK_COLORS.replayBorder : PLAYBACK_COLORS.border;
        ctx.lineWidth = 1;
        ctx.setLineDash([]);
        ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.width - 1, box.height - 1);
        const textWidth = box.width - 2 * inner;
        useFont(font.label);
        ctx.fillStyle = PLAYBACK_COLORS.text;
        ctx.fillText(fit(spec.label, textWidth), box.x + inner, box.y + inner);
        useFont(font.status);
        ctx.fillStyle = frame.state === 'waiting' ? PLAYBACK_COLORS.waiting : PLAYBACK_COLORS.muted;
        const statusTop = box.y + inner + lineHeight;
        ctx.fillText(fit(frame.status, textWidth), box.x + inner, statusTop);
        const textTop = statusTop + Math.round(statusPx * 1.6);
        const layout = layouts[i];
        layout.advanceTo(frame.shown);
        paintText({ x: box.x + inner, y: textTop, width: textWidth, height: box.y + box.height - inner - textTop }, layout.all);
      });
      paintCaption();
    },
  };
}

/** `text` in at most two lines of `max` px, broken at a space; the second may still be too long (the caller cuts it). */
function wrapTwo(text: string, max: number, width: (text: string) => number): [string] | [string, string] {
  if (width(text) <= max) return [text];
  const words = text.split(' ');
  let first = '';
  let i = 0;
  while (i < words.length) {
    const candidate = first === '' ? words[i] : `${first} ${words[i]}`;
    if (first !== '' && width(candidate) > max) break;
    first = candidate;
    i += 1;
  }
  return i >= words.length ? [first] : [first, words.slice(i).join(' ')];
}
