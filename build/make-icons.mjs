// Draws the app's icons as PNGs (no image tools needed): rising bars — the tokens/s chart — in black on
// transparent for the macOS template tray images, white on blue for the app icon. Run: node build/make-icons.mjs
import { writeFileSync } from 'node:fs';
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

const tray = (size) => png(size, (x, y) => (inBars((x + 0.5) / size, (y + 0.5) / size) ? [0, 0, 0, 255] : [0, 0, 0, 0]));
writeFileSync(new URL('./tray/trayTemplate.png', import.meta.url), tray(16));
writeFileSync(new URL('./tray/trayTemplate@2x.png', import.meta.url), tray(32));

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
