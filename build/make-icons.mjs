// Generates build/icon.png (512x512) and build/icon.ico (PNG entries 16..256) for electron-builder.
// The glyph: a dial gauge on a bench stand, amber on slate blue. Drawn from signed distances with 4x4
// supersampling, written as PNG by hand (zlib + CRC-32), so no image tooling is needed.
// Run: node build/make-icons.mjs   (the outputs are committed; rerun only when the design changes)
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BG = [23, 50, 77]; // slate blue
const FG = [245, 166, 35]; // amber

// --- shapes in unit coordinates (0..1, y down); each returns a signed distance (< 0 inside) ---
const len = (x, y) => Math.hypot(x, y);
function roundedRect(px, py, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, hx = (x1 - x0) / 2 - r, hy = (y1 - y0) / 2 - r;
  const dx = Math.abs(px - cx) - hx, dy = Math.abs(py - cy) - hy;
  return len(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - r;
}
function capsule(px, py, ax, ay, bx, by, r) {
  const vx = bx - ax, vy = by - ay, wx = px - ax, wy = py - ay;
  const t = Math.max(0, Math.min(1, (wx * vx + wy * vy) / (vx * vx + vy * vy)));
  return len(wx - vx * t, wy - vy * t) - r;
}
const disc = (px, py, cx, cy, r) => len(px - cx, py - cy) - r;

const C = { x: 0.5, y: 0.52 }; // dial centre
const R = 0.29; // dial radius
const W = 0.036; // half stroke width
const GAP = Math.PI / 4; // the dial is open 45 degrees either side of straight down
const polar = (angle, r) => [C.x + r * Math.cos(angle), C.y + r * Math.sin(angle)];

function dialArc(px, py) {
  const a = Math.atan2(py - C.y, px - C.x); // 0 = right, +pi/2 = down (screen coordinates)
  const fromDown = Math.abs(Math.atan2(Math.sin(a - Math.PI / 2), Math.cos(a - Math.PI / 2)));
  if (fromDown > GAP) return Math.abs(len(px - C.x, py - C.y) - R) - W;
  const [ex1, ey1] = polar(Math.PI / 2 - GAP, R);
  const [ex2, ey2] = polar(Math.PI / 2 + GAP, R);
  return Math.min(disc(px, py, ex1, ey1, W), disc(px, py, ex2, ey2, W)); // round caps
}

function ticks(px, py) {
  let d = Infinity;
  for (let i = 0; i <= 6; i++) {
    const a = Math.PI / 2 + GAP + (i / 6) * (2 * Math.PI - 2 * GAP);
    const [ax, ay] = polar(a, R - 0.075);
    const [bx, by] = polar(a, R - 0.115);
    d = Math.min(d, capsule(px, py, ax, ay, bx, by, 0.014));
  }
  return d;
}

function foreground(px, py) {
  const needleTip = polar(-Math.PI / 4, R - 0.095);
  return Math.min(
    dialArc(px, py),
    ticks(px, py),
    capsule(px, py, C.x, C.y, needleTip[0], needleTip[1], 0.026), // needle, pointing to the upper right
    disc(px, py, C.x, C.y, 0.055), // hub
    capsule(px, py, 0.33, 0.83, 0.67, 0.83, 0.032), // bench top
  );
}

const background = (px, py) => roundedRect(px, py, 0.03, 0.03, 0.97, 0.97, 0.2);

// --- raster ---
function render(size) {
  const S = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bg = 0, fg = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const px = (x + (sx + 0.5) / S) / size, py = (y + (sy + 0.5) / S) / size;
          if (background(px, py) < 0) {
            bg++;
            if (foreground(px, py) < 0) fg++;
          }
        }
      }
      const o = (y * size + x) * 4;
      const alpha = bg / (S * S);
      const mix = bg ? fg / bg : 0;
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(BG[c] * (1 - mix) + FG[c] * mix);
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

// --- PNG ---
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(size) {
  const rgba = render(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter 0 per row
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- ICO with PNG entries (Windows Vista and later) ---
function ico(sizes) {
  const images = sizes.map((s) => ({ size: s, data: png(s) }));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size; // 0 means 256
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

const here = new URL('.', import.meta.url);
writeFileSync(new URL('icon.png', here), png(512));
writeFileSync(new URL('icon.ico', here), ico([16, 24, 32, 48, 64, 128, 256]));
console.log('wrote build/icon.png (512x512) and build/icon.ico (16-256)');
