import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imageGrid } from '@dnn/boltzmann';
import type { Tensor } from '@dnn/tensor';
import { FASHION_MNIST_MEAN, FASHION_MNIST_STD } from '../data-source';
import { encodeGrayPng } from '../png';

/** The binarized image rows [N, 784] of a normalized Fashion-MNIST batch [N, 1, 28, 28]: pixel > ½. */
export function binarized(x: Tensor): Tensor {
  return x.mul(FASHION_MNIST_STD).add(FASHION_MNIST_MEAN).gt(0.5).cast(x.dtype).reshape([x.shape[0]!, -1]);
}

/** Writes images (rows of h·w pixels) as one PNG grid under `dir`; returns the line that says so. */
export async function writeGrid(dir: string, name: string, images: Tensor, h: number, w: number, normalize: boolean): Promise<string> {
  const grid = imageGrid(images, h, w, { normalize });
  const [H, W] = grid.shape as [number, number];
  const path = join(dir, name);
  await writeFile(path, encodeGrayPng(await grid.data(), W, H));
  grid.dispose();
  return `wrote ${path} (${images.shape[0]} images)\n`;
}

/** The loss a generative demo reports: its forward already gives one reconstruction error per image. */
export const meanOfOutput = (out: Tensor): Tensor => out.mean();
