import { writeFileSync } from 'node:fs';

/**
 * Writes images [N, 28·28] with values in [0, 1] as one grid in binary PGM (portable graymap), `cols`
 * per row with a one-pixel border: every image viewer opens it and it needs no encoder.
 */
export function writeGrid(path: string, pixels: ArrayLike<number>, count: number, cols: number, size = 28): void {
  const rows = Math.ceil(count / cols);
  const w = cols * (size + 1) + 1, h = rows * (size + 1) + 1;
  const img = new Uint8Array(w * h).fill(128);
  for (let n = 0; n < count; n++) {
    const [r, c] = [Math.floor(n / cols), n % cols];
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const v = Math.min(1, Math.max(0, pixels[n * size * size + i * size + j]!));
        img[(1 + r * (size + 1) + i) * w + 1 + c * (size + 1) + j] = Math.round(255 * v);
      }
    }
  }
  writeFileSync(path, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), Buffer.from(img)]));
}
