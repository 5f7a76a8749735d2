import { join } from 'node:path';
import type { Tensor } from '@dnn/tensor';
import { DataLoader, ImageDataset, type Transform } from '@dnn/data';
import { describeData, loadFashionMnist } from '../data-source';
import { writeImageGrid } from '../image-grid';
import type { DemoData, DemoDataOptions } from './types';

/** What the generative demos model: raw pixels in [0, 1], binarized at 0.5, or rescaled to [−1, 1]. */
export type PixelScale = 'unit' | 'binary' | 'signed';

const TRANSFORMS: Record<PixelScale, Transform | undefined> = {
  unit: undefined,
  binary: (b) => { b.data.forEach((v, i) => { b.data[i] = v >= 0.5 ? 1 : 0; }); return b; },
  signed: (b) => { b.data.forEach((v, i) => { b.data[i] = 2 * v - 1; }); return b; },
};

/** Fashion-MNIST for a generative demo: no mean/std normalization, pixels as `scale` says. */
export async function pixelData(o: DemoDataOptions, scale: PixelScale): Promise<DemoData> {
  const fm = await loadFashionMnist({ dir: o.dir, subset: o.subset }, o.command);
  const transform = TRANSFORMS[scale];
  return {
    train: new DataLoader(new ImageDataset(fm.train), { batchSize: o.batchSize, shuffle: true, seed: o.seed, transform, device: o.device }),
    test: new DataLoader(new ImageDataset(fm.test), { batchSize: 500, transform, device: o.device }),
    trainCount: fm.train.count,
    description: describeData(fm),
    origin: { source: fm.source, path: fm.path },
  };
}

/** Writes samples [N, 1, 28, 28] with values in [0, 1] as an 8-wide PNG grid under `out`. */
export async function writeSampleGrid(samples: Tensor, out: string, name: string): Promise<string> {
  const path = join(out, `${name}.png`);
  await writeImageGrid(path, await samples.data(), samples.shape[0]!, 8);
  return `wrote ${samples.shape[0]} samples as an image grid to ${path}\n`;
}
