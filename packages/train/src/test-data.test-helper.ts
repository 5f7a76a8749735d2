import { Dropout, Linear, ReLU, Sequential, manualSeed, tensor, type Tensor } from '@dnn/tensor';
import type { Batch } from './types';

/**
 * Three Gaussian-free synthetic classes in the plane: class c is the points whose angle lies in the
 * c-th third of the circle, radius in [0.5, 1.5]; separable by a small MLP, not by a linear model.
 * Deterministic (an LCG), so every run sees the same points.
 */
export function sectors(count: number, seed: number): { x: Float32Array; y: Int32Array } {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
  const x = new Float32Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 3;
    const angle = ((c + 0.1 + 0.8 * rnd()) * 2 * Math.PI) / 3;
    const r = 0.5 + rnd();
    x[2 * i] = r * Math.cos(angle);
    x[2 * i + 1] = r * Math.sin(angle);
    y[i] = c;
  }
  return { x, y };
}

/**
 * Batches of `sectors`, in an order that depends on (seed, epoch) only, like a DataLoader: `epoch`
 * is set by fit before each pass, and each batch's tensors are fresh (fit disposes them).
 */
export class SectorBatches implements AsyncIterable<Batch> {
  epoch = 0;
  private readonly data: { x: Float32Array; y: Int32Array };
  constructor(readonly count: number, readonly batchSize: number, seed: number, readonly shuffle = true) {
    this.data = sectors(count, seed);
  }
  get length(): number {
    return Math.ceil(this.count / this.batchSize);
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    const epoch = this.epoch++;
    const order = Array.from({ length: this.count }, (_, i) => i);
    if (this.shuffle) {
      let s = (epoch * 7919 + 17) >>> 0;
      for (let i = order.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) >>> 0;
        const j = s % (i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    for (let b = 0; b < this.length; b++) {
      const idx = order.slice(b * this.batchSize, (b + 1) * this.batchSize);
      const xs = new Float32Array(idx.length * 2);
      idx.forEach((k, i) => xs.set(this.data.x.subarray(2 * k, 2 * k + 2), 2 * i));
      yield { x: tensor(xs, { shape: [idx.length, 2] }), y: tensor(Int32Array.from(idx, (k) => this.data.y[k]!)) };
    }
  }
}

/** A 2 → 32 → 32 → 3 MLP, seeded; with dropout its training uses the random generator too. */
export function mlp(seed: number, dropout = 0): Sequential & { forward(x: Tensor): Tensor } {
  manualSeed(seed);
  const layers = [new Linear(2, 32), new ReLU(), ...(dropout ? [new Dropout({ p: dropout })] : []), new Linear(32, 32), new ReLU(), new Linear(32, 3)];
  return new Sequential(...layers);
}
