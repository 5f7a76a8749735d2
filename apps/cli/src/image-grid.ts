import { writeFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** An 8-bit grayscale PNG of a width×height image (row-major bytes). */
export function encodeGrayPng(pixels: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, grayscale, deflate, no filter method, no interlace
  const raw = Buffer.alloc(height * (width + 1));
  for (let r = 0; r < height; r++) raw.set(pixels.subarray(r * width, (r + 1) * width), r * (width + 1) + 1); // filter byte 0
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

/** Square images (values in [0, 1]) tiled `cols` per row with a one-pixel gray border, as a PNG file. */
export async function writeImageGrid(path: string, values: ArrayLike<number>, count: number, cols: number): Promise<void> {
  const size = Math.round(Math.sqrt(values.length / count));
  const rows = Math.ceil(count / cols);
  const w = cols * (size + 1) + 1, h = rows * (size + 1) + 1;
  const img = new Uint8Array(w * h).fill(128);
  for (let n = 0; n < count; n++) {
    const [r, c] = [Math.floor(n / cols), n % cols];
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const v = Math.min(1, Math.max(0, Number(values[n * size * size + i * size + j])));
        img[(1 + r * (size + 1) + i) * w + 1 + c * (size + 1) + j] = Math.round(255 * v);
      }
    }
  }
  await writeFile(path, encodeGrayPng(img, w, h));
}
