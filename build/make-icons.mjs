#!/usr/bin/env node
// Generates POSPal's icons (PNG at every size electron-builder and the tray need, plus the SVG
// source) without image tools: a rounded teal tile with a white receipt and a "P" bar mark.
// Run: node build/make-icons.mjs  (outputs are committed; rerun after changing the design).
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const ACCENT = [13, 148, 136]; // teal-600, the UI's accent
const WHITE = [255, 255, 255];
const INK = [15, 118, 110];

/** Coverage of the design at a point in unit coordinates (0..1), by shape. */
function colourAt(x, y) {
  // Rounded tile.
  const r = 0.2, m = 0.04;
  const cx = Math.min(Math.max(x, m + r), 1 - m - r), cy = Math.min(Math.max(y, m + r), 1 - m - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  // Receipt with a zig-zag bottom edge.
  const left = 0.28, right = 0.72, top = 0.2, bottom = 0.78;
  const teeth = 6, phase = ((x - left) / (right - left)) * teeth;
  const zig = bottom - 0.05 * Math.abs((phase % 1) * 2 - 1);
  if (x >= left && x <= right && y >= top && y <= zig) {
    // "P": a stem and a bowl, in the accent ink.
    const stem = x >= 0.38 && x <= 0.46 && y >= 0.3 && y <= 0.68;
    const bowlOuter = (x - 0.5) ** 2 / 0.13 ** 2 + (y - 0.41) ** 2 / 0.11 ** 2 <= 1 && x >= 0.42;
    const bowlInner = (x - 0.5) ** 2 / 0.065 ** 2 + (y - 0.41) ** 2 / 0.045 ** 2 <= 1 && x >= 0.42;
    if (stem || (bowlOuter && !bowlInner)) return INK;
    return WHITE;
  }
  return ACCENT;
}

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size) {
  const ss = 4; // supersampling for smooth edges
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) for (let sx = 0; sx < ss; sx++) {
        const c = colourAt((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
        if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
      }
      const o = py * (size * 4 + 1) + 1 + px * 4;
      const n = ss * ss;
      raw[o] = a ? Math.round(r / a) : 0; raw[o + 1] = a ? Math.round(g / a) : 0; raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / n) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect x="4" y="4" width="92" height="92" rx="20" fill="rgb(${ACCENT})"/>
  <path d="M28 20h44v58l-3.7-5-3.6 5-3.7-5-3.7 5-3.6-5-3.7 5-3.7-5-3.6 5-3.7-5-3.7 5z" fill="#fff"/>
  <path d="M38 30h8v38h-8z" fill="rgb(${INK})"/>
  <path d="M42 30h8a13 11 0 0 1 0 22h-8v-6.5h8a6.5 4.5 0 0 0 0-9h-8z" fill="rgb(${INK})"/>
</svg>
`;

mkdirSync(`${here}/icons`, { recursive: true });
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) writeFileSync(`${here}/icons/${size}x${size}.png`, png(size));
writeFileSync(`${here}/icon.png`, png(1024));
writeFileSync(`${here}/icon.svg`, SVG);
console.log('icons written to build/icons, build/icon.png, build/icon.svg');
