// Draws the app's icons as PNGs (no image tools needed): rising bars — the tokens/s chart — white on blue
// for the app icon, and monochrome on transparent for the tray, one icon per run state (idle, running,
// done, failed). Run: node build/make-icons.mjs (rewrites build/icon.png and build/tray/).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** RGBA PNG of size×size; pixel(x, y) → [r, g, b, a]. */
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Three bars of rising height inside the unit square [0,1)², margins included. */
function inBars(u, v) {
  const bars = [
    [0.14, 0.34, 0.55],
    [0.4, 0.6, 0.35],
    [0.66, 0.86, 0.14],
  ];
  return bars.some(([x0, x1, top]) => u >= x0 && u < x1 && v >= top && v < 0.86);
}

/** Distance from (u, v) to the segment a–b. */
function toSegment(u, v, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(u - (ax + t * dx), v - (ay + t * dy));
}

// The run state is a badge in the top-left corner, where the bars are lowest, with a clear ring around
// it so it reads apart from the bars at 16 px: a dot while running, a check when done, a cross when failed.
const BADGE = [0.23, 0.23];
const BADGE_CLEAR = 0.26;
const STROKE = 0.055;
const BADGES = {
  idle: null,
  running: (u, v) => Math.hypot(u - BADGE[0], v - BADGE[1]) <= 0.15,
  done: (u, v) => toSegment(u, v, [0.08, 0.24], [0.18, 0.34]) <= STROKE || toSegment(u, v, [0.18, 0.34], [0.38, 0.1]) <= STROKE,
  failed: (u, v) => toSegment(u, v, [0.1, 0.1], [0.36, 0.36]) <= STROKE || toSegment(u, v, [0.36, 0.1], [0.1, 0.36]) <= STROKE,
};

/**
 * Opacity of a tray pixel: the bars sampled at the pixel centre, so their edges stay crisp at 16 px; the
 * badge's curves and diagonals from 4×4 samples, so they are smooth.
 */
function trayAlpha(state, x, y, size) {
  const [u, v] = [(x + 0.5) / size, (y + 0.5) / size];
  const badge = BADGES[state];
  const bars = inBars(u, v) && (!badge || Math.hypot(u - BADGE[0], v - BADGE[1]) > BADGE_CLEAR);
  if (bars) return 255;
  if (!badge) return 0;
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (badge((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size)) hits++;
  return Math.round((255 * hits) / 16);
}

// Monochrome tray icons, `<state>-<px>-<ink>.png` and `@2x` (main/app/tray-icons.ts picks one): black is
// the macOS template image (macOS recolours it for light and dark menu bars) and the Windows/Linux icon
// on light bars; white is for dark bars. 16 px: macOS and Windows; 22 px: Linux panels.
const INKS = { black: [0, 0, 0], white: [255, 255, 255] };
const trayDir = new URL('./tray/', import.meta.url);
rmSync(trayDir, { recursive: true, force: true });
mkdirSync(trayDir);
for (const state of Object.keys(BADGES)) {
  for (const px of [16, 22]) {
    for (const [ink, rgb] of Object.entries(INKS)) {
      for (const [scale, suffix] of [[1, ''], [2, '@2x']]) {
        const size = px * scale;
        const image = png(size, (x, y) => [...rgb, trayAlpha(state, x, y, size)]);
        writeFileSync(new URL(`${state}-${px}-${ink}${suffix}.png`, trayDir), image);
      }
    }
  }
}

const ICON = 512;
const radius = 0.18;
writeFileSync(
  new URL('./icon.png', import.meta.url),
  png(ICON, (x, y) => {
    const u = (x + 0.5) / ICON;
    const v = (y + 0.5) / ICON;
    const dx = Math.max(radius - u, u - (1 - radius), 0);
    const dy = Math.max(radius - v, v - (1 - radius), 0);
    if (dx * dx + dy * dy > radius * radius) return [0, 0, 0, 0];
    return inBars(u, v) ? [255, 255, 255, 255] : [37, 99, 235, 255];
  }),
);
