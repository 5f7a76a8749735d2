import { randomInt, type Random } from './random';

/**
 * A batch of images, NCHW, before it becomes a tensor. Transforms work here, on one
 * Float32Array per batch, so augmentation costs no tensor allocations.
 */
export interface ImageBatch {
  data: Float32Array;
  shape: readonly number[];
}

/**
 * Takes a batch and the loader's seeded Random, returns the result (the same batch changed in
 * place, or a new one when the size changes). Same Random stream → same output.
 */
export type Transform = (batch: ImageBatch, random: Random) => ImageBatch;

/** Applies transforms left to right, sharing one Random stream. */
export function compose(...transforms: Transform[]): Transform {
  return (batch, random) => transforms.reduce((b, t) => t(b, random), batch);
}

function dims(op: string, batch: ImageBatch): [number, number, number, number] {
  if (batch.shape.length !== 4) throw new RangeError(`${op}: expected a [B,C,H,W] batch, got [${batch.shape.join(',')}]`);
  const [b, c, h, w] = batch.shape as [number, number, number, number];
  if (batch.data.length !== b * c * h * w) {
    throw new RangeError(`${op}: shape [${batch.shape.join(',')}] needs ${b * c * h * w} values, got ${batch.data.length}`);
  }
  return [b, c, h, w];
}

function perChannel(op: string, name: string, v: number | readonly number[], channels: number): readonly number[] {
  const arr = typeof v === 'number' ? new Array<number>(channels).fill(v) : v;
  if (arr.length !== channels) throw new RangeError(`${op}: ${name} has ${arr.length} values for ${channels} channels`);
  return arr;
}

/**
 * A transform that sends every value through one function, whatever its channel or position
 * (normalize with one mean and one std). A BatchSource that can (ImageDataset) folds `valueMap`
 * into how it writes the batch, so the DataLoader saves a pass over it: same bits either way.
 */
export interface ValueTransform extends Transform {
  readonly valueMap: (v: number) => number;
}

/** The per-value function of a transform, when it is one (see ValueTransform). */
export function valueMapOf(t: Transform | undefined): ((v: number) => number) | undefined {
  return (t as Partial<ValueTransform> | undefined)?.valueMap;
}

/** (x - mean[c]) / std[c] per channel, in place. Deterministic: the Random is not used. */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): Transform {
  const transform: Transform = (batch) => {
    const [b, c, h, w] = dims('normalize', batch);
    const m = perChannel('normalize', 'mean', mean, c);
    const s = perChannel('normalize', 'std', std, c);
    if (s.some((v) => v === 0)) throw new RangeError('normalize: std must not be 0');
    const plane = h * w;
    const d = batch.data;
    for (let n = 0; n < b; n++) {
      for (let ch = 0; ch < c; ch++) {
        const mc = m[ch]!;
        const inv = 1 / s[ch]!;
        const start = (n * c + ch) * plane;
        for (let i = start; i < start + plane; i++) d[i] = (d[i]! - mc) * inv;
      }
    }
    return batch;
  };
  // one mean and one std: the same function for every value, written as the loop above computes it
  const m = typeof mean === 'number' ? mean : undefined;
  const s = typeof std === 'number' ? std : undefined;
  if (m === undefined || s === undefined || s === 0) return transform;
  const inv = 1 / s;
  return Object.assign(transform, { valueMap: (v: number) => (v - m) * inv });
}

/**
 * torchvision's RandomCrop: pads each side by `padding` with `fill`, then cuts a size×size
 * (or [h, w]) window at a random offset, one offset per image. Returns a new batch.
 * Draws per image: top, then left.
 */
export function randomCrop(size: number | readonly [number, number], padding = 0, fill = 0): Transform {
  const [oh, ow] = typeof size === 'number' ? [size, size] : size;
  return (batch, random) => {
    const [b, c, h, w] = dims('randomCrop', batch);
    const ph = h + 2 * padding;
    const pw = w + 2 * padding;
    if (oh > ph || ow > pw) throw new RangeError(`randomCrop: ${oh}x${ow} does not fit in ${h}x${w} padded by ${padding}`);
    const out = new Float32Array(b * c * oh * ow);
    const src = batch.data;
    for (let n = 0; n < b; n++) {
      // offsets into the padded image, shifted back to source coordinates
      const top = randomInt(random, ph - oh + 1) - padding;
      const left = randomInt(random, pw - ow + 1) - padding;
      for (let ch = 0; ch < c; ch++) {
        const sBase = (n * c + ch) * h * w;
        const oBase = (n * c + ch) * oh * ow;
        for (let y = 0; y < oh; y++) {
          const sy = top + y;
          const row = oBase + y * ow;
          if (sy < 0 || sy >= h) {
            out.fill(fill, row, row + ow);
            continue;
          }
          for (let x = 0; x < ow; x++) {
            const sx = left + x;
            out[row + x] = sx < 0 || sx >= w ? fill : src[sBase + sy * w + sx]!;
          }
        }
      }
    }
    return { data: out, shape: [b, c, oh, ow] };
  };
}

/** Mirrors each image left-right with probability p, in place. One draw per image. */
export function randomHorizontalFlip(p = 0.5): Transform {
  return (batch, random) => {
    const [b, c, h, w] = dims('randomHorizontalFlip', batch);
    const d = batch.data;
    for (let n = 0; n < b; n++) {
      if (!(random() < p)) continue;
      for (let r = (n * c) * h; r < (n * c + c) * h; r++) d.subarray(r * w, (r + 1) * w).reverse();
    }
    return batch;
  };
}

/**
 * torchvision's RandomErasing (Zhong et al. 2017): with probability p, sets a random rectangle
 * of each image, across all channels, to `value`. Its area is a `scale` fraction of the image
 * and its aspect ratio h/w log-uniform in `ratio`; up to 10 tries to find one that fits, else
 * the image is left alone. Draws per image: the p coin, then per try area, log-ratio (and top,
 * left on success).
 */
export function randomErasing(
  p = 0.5,
  scale: readonly [number, number] = [0.02, 0.33],
  ratio: readonly [number, number] = [0.3, 3.3],
  value = 0,
): Transform {
  const logLo = Math.log(ratio[0]);
  const logHi = Math.log(ratio[1]);
  return (batch, random) => {
    const [b, c, h, w] = dims('randomErasing', batch);
    const d = batch.data;
    const area = h * w;
    for (let n = 0; n < b; n++) {
      if (!(random() < p)) continue;
      for (let attempt = 0; attempt < 10; attempt++) {
        const eraseArea = area * (scale[0] + random() * (scale[1] - scale[0]));
        const aspect = Math.exp(logLo + random() * (logHi - logLo));
        const eh = Math.round(Math.sqrt(eraseArea * aspect));
        const ew = Math.round(Math.sqrt(eraseArea / aspect));
        if (!(eh < h && ew < w) || eh === 0 || ew === 0) continue;
        const top = randomInt(random, h - eh + 1);
        const left = randomInt(random, w - ew + 1);
        for (let ch = 0; ch < c; ch++) {
          const base = (n * c + ch) * area;
          for (let y = top; y < top + eh; y++) d.fill(value, base + y * w + left, base + y * w + left + ew);
        }
        break;
      }
    }
    return batch;
  };
}
