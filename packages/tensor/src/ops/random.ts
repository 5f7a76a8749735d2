import type { Device } from '../device';
import { getDefaultDevice } from '../device';
import { isFloat, type DType } from '../dtype';
import { DTypeError, ValueError } from '../errors';
import { getDefaultGenerator, type Generator } from '../random/generator';
import { checkShape, numel } from '../shape';
import { Tensor } from '../tensor';
import { newStorage, contiguousStrides } from '../tensor-core';
import type { View } from '../backend/contract';
import { add, mul, floor, cast, lt } from './elementwise';
import { tensor } from './creation';
import { cumsumLastDim } from './scan';
import { cpu } from '../device';

export interface RandomOptions {
  generator?: Generator;
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}

function draw(dist: 'uniform' | 'normal' | 'bernoulli', shape: readonly number[], opts: RandomOptions, probs?: View): Tensor {
  const s = checkShape(shape, dist);
  const dtype = opts.dtype ?? 'float32';
  const device = opts.device ?? getDefaultDevice();
  const gen = opts.generator ?? getDefaultGenerator();
  const n = numel(s);
  const spec = { dist, key: [gen.key[0], gen.key[1]] as const, offset: gen.take(n), probs };
  const buffer = device.backend.random(spec, n, dist === 'bernoulli' ? dtype : dtype);
  const t = new Tensor(newStorage(device, buffer, dtype, s), s, contiguousStrides(s), 0);
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Uniform in [0, 1) (or [low, high) with `uniform`). Same generator state → same bits on every device. */
export const rand = (shape: readonly number[], opts: RandomOptions = {}): Tensor => draw('uniform', shape, opts);
/** Standard normal draws (Box–Muller over Threefry counters). */
export const randn = (shape: readonly number[], opts: RandomOptions = {}): Tensor => draw('normal', shape, opts);

export function uniform(shape: readonly number[], low = 0, high = 1, opts: RandomOptions = {}): Tensor {
  return add(mul(rand(shape, opts), high - low), low);
}

export function normal(shape: readonly number[], mean = 0, std = 1, opts: RandomOptions = {}): Tensor {
  return add(mul(randn(shape, opts), std), mean);
}

/** Integers uniform in [low, high). */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`randint: need integers low < high, got [${low}, ${high})`);
  }
  const u = rand(shape, { ...opts, dtype: 'float64' });
  return cast(add(floor(mul(u, high - low)), low), opts.dtype ?? 'int32');
}

/** 1 with probability p (a number or a tensor of probabilities), else 0; in p's dtype. */
export function bernoulli(p: Tensor | number, opts: RandomOptions & { shape?: readonly number[] } = {}): Tensor {
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) throw new ValueError(`bernoulli: p must be in [0, 1], got ${p}`);
    const u = rand(opts.shape ?? [], opts);
    return cast(lt(u, p), opts.dtype ?? 'float32');
  }
  if (!isFloat(p.dtype)) throw new DTypeError(`bernoulli: probabilities must be float, got ${p.dtype}`);
  return draw('bernoulli', p.shape, { ...opts, dtype: opts.dtype ?? p.dtype, device: p.device }, p.viewFor('bernoulli'));
}

/**
 * Draws `numSamples` category indices per row of (unnormalized, non-negative) probabilities [C] or [R, C],
 * by inverting the cumulative distribution. With replacement only.
 */
export function multinomial(probs: Tensor, numSamples: number, opts: RandomOptions = {}): Tensor {
  if (probs.rank < 1 || probs.rank > 2) throw new ValueError(`multinomial: expected probabilities [C] or [R, C], got rank ${probs.rank}`);
  const p2 = probs.rank === 1 ? probs.reshape([1, -1]) : probs;
  const [R, C] = p2.shape as [number, number];
  const cdf = cumsumLastDim(cast(p2, 'float64'));
  const total = cdf.narrow(1, C - 1, 1);
  const u = mul(rand([R, numSamples], { ...opts, dtype: 'float64', device: probs.device }), total);
  // index = number of cdf entries ≤ u, clamped to the last category
  const count = cdf.reshape([R, 1, C]).le(u.reshape([R, numSamples, 1])).sum(2);
  const idx = count.minimum(C - 1).cast('int32');
  return probs.rank === 1 ? idx.reshape([numSamples]) : idx;
}
export const categorical = multinomial;

/** A random permutation of 0…n-1: the argsort of n uniform keys drawn from the generator. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const drawn = rand([n], { ...opts, dtype: 'float64', device: cpu() });
  const keys = Float64Array.from(drawn.dataSync());
  drawn.dispose(); // host-side keys: the tensor would otherwise outlive the call when no tidy encloses it
  const order = Int32Array.from([...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b));
  return tensor(order, { dtype: 'int32', device: opts.device ?? getDefaultDevice() });
}
