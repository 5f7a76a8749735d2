import { inflateSync } from 'node:zlib';

/** A decoded 8-bit PNG: width, height, channels per pixel and the raw samples, row by row. */
export interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

/**
 * Decodes a non-interlaced 8-bit grayscale, RGB or RGBA PNG (what Chromium's screenshots are): the IDAT
 * stream inflated, then each row's filter (none, sub, up, average, Paeth) undone.
 */
export function decodePng(png: Uint8Array): DecodedPng {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0, height = 0, channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, color, , , interlace] = body.subarray(8, 13);
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[color!] ?? 0;
      if (depth !== 8 || !channels || interlace) throw new Error(`decodePng: unsupported PNG (depth ${depth}, color type ${color}, interlace ${interlace})`);
    } else if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels]! : 0, b = prev[i]!, c = i >= channels ? prev[i - channels]! : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      if (predictor === undefined) throw new Error(`decodePng: unknown filter ${filter} on row ${y}`);
      row[i] = (src[i]! + predictor) & 255;
    }
  }
  return { width, height, channels, pixels };
}

/** The variance of the gray level (mean of the colour samples) over all pixels: 0 for a blank image. */
export function grayVariance({ pixels, channels }: DecodedPng): number {
  const colour = Math.min(channels, 3);
  let sum = 0, sq = 0, n = 0;
  for (let i = 0; i < pixels.length; i += channels) {
    let g = 0;
    for (let c = 0; c < colour; c++) g += pixels[i + c]!;
    g /= colour;
    sum += g;
    sq += g * g;
    n++;
  }
  return sq / n - (sum / n) ** 2;
}
