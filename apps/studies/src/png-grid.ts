import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
  return out;
}

/**
 * Writes images [N, 28·28] with values in [0, 1] as one 8-bit grayscale PNG grid, `cols` per row with
 * a one-pixel gray border.
 */
export function writeGrid(path: string, pixels: ArrayLike<number>, count: number, cols: number, size = 28): void {
  const rows = Math.ceil(count / cols);
  const w = cols * (size + 1) + 1, h = rows * (size + 1) + 1;
  const raw = Buffer.alloc(h * (w + 1), 128);
  for (let r = 0; r < h; r++) raw[r * (w + 1)] = 0; // filter byte: none
  for (let n = 0; n < count; n++) {
    const [r, c] = [Math.floor(n / cols), n % cols];
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const v = Math.min(1, Math.max(0, pixels[n * size * size + i * size + j]!));
        raw[(1 + r * (size + 1) + i) * (w + 1) + 1 + 1 + c * (size + 1) + j] = Math.round(255 * v);
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 0, 0, 0, 0], 8);
  writeFileSync(path, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]));
}
