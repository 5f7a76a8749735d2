import { writeFile } from 'node:fs/promises';
import { encodeGrayPng } from './png';

/** The grey of the one-pixel border between tiles. */
const BORDER = 128 / 255;

/**
 * Square images (values in [0, 1]) tiled `cols` per row with a one-pixel grey border: the grid's values,
 * row-major, and its size.
 */
export function imageGrid(values: ArrayLike<number>, count: number, cols: number): { pixels: Float32Array; width: number; height: number } {
  const size = Math.round(Math.sqrt(values.length / count));
  const rows = Math.ceil(count / cols);
  const width = cols * (size + 1) + 1, height = rows * (size + 1) + 1;
  const pixels = new Float32Array(width * height).fill(BORDER);
  for (let n = 0; n < count; n++) {
    const [r, c] = [Math.floor(n / cols), n % cols];
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) pixels[(1 + r * (size + 1) + i) * width + 1 + c * (size + 1) + j] = Number(values[n * size * size + i * size + j]);
    }
  }
  return { pixels, width, height };
}

/** `imageGrid` written as a greyscale PNG file. */
export async function writeImageGrid(path: string, values: ArrayLike<number>, count: number, cols: number): Promise<void> {
  const { pixels, width, height } = imageGrid(values, count, cols);
  await writeFile(path, encodeGrayPng(pixels, width, height));
}
