import type { Device } from '../device';
import { getDefaultDevice } from '../device';
import { isFloat, type DType } from '../dtype';
import { DTypeError, ValueError } from '../errors';
import { getDefaultGenerator, type Generator } from '../random/generator';
import { numel } from '../shape';
import { checkShape } from '../allocation';
import { Tensor } from '../tensor';
import { newStorage, contiguousStrides } from '../tensor-core';
import type { View } from '../backend/contract';
import { add, mul, floor, cast, lt, minimum } from './elementwise';
import { tensor } from './creation';
import { cumsumLastDim } from './scan';
import { cpu } from '../device';

export interface RandomOptions {
  generator?: Generator;
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}

function draw(op: string, dist: 'uniform' | 'normal' | 'bernoulli' | 'bits', shape: readonly number[], opts: RandomOptions, probs?: View): Tensor {
  const dtype = opts.dtype ?? 'float32';
  if (dtype === 'float16' && dist !== 'bits') return drawHalf(op, dist, shape, opts, probs);
  const s = checkShape(shape, op, dtype);
  const device = opts.device ?? getDefaultDevice();
  const gen = opts.generator ?? getDefaultGenerator();
  const n = numel(s);
  const spec = { dist, key: [gen.key[0], gen.key[1]] as const, offset: gen.take(n), probs };
  const buffer = device.backend.random(spec, n, dtype);
  const t = new Tensor(newStorage(device, buffer, dtype, s), s, contiguousStrides(s), 0);
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * float16 draws: the float32 draw (same generator state, so the same values on every device) rounded
 * to half. Uniform values are first capped at 1 - 2⁻¹¹, the largest half below 1, which is where
 * rounding to nearest would otherwise send the top 2⁻¹² of the range (to 1, outside [0, 1)).
 */
function drawHalf(op: string, dist: 'uniform' | 'normal' | 'bernoulli', shape: readonly number[], opts: RandomOptions, probs?: View): Tensor {
  const wide = draw(op, dist, shape, { ...opts, dtype: 'float32', requiresGrad: false }, probs);
  const capped = dist === 'uniform' ? minimum(wide, 1 - 2 ** -11) : wide;
  const t = cast(capped, 'float16');
  if (capped !== wide) capped.dispose();
  wide.dispose();
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Uniform in [0, 1) (or [low, high) with `uniform`). Same generator state → same bits on every device. */
export const rand = (shape: readonly number[], opts: RandomOptions = {}): Tensor => draw('rand', 'uniform', shape, opts);
/** Standard normal draws (Box–Muller over Threefry counters). */
export const randn = (shape: readonly number[], opts: RandomOptions = {}): Tensor => draw('randn', 'normal', shape, opts);

export function uniform(shape: readonly number[], low = 0, high = 1, opts: RandomOptions = {}): Tensor {
  checkShape(shape, 'uniform', opts.dtype);
  return add(mul(rand(shape, opts), high - low), low);
}

export function normal(shape: readonly number[], mean = 0, std = 1, opts: RandomOptions = {}): Tensor {
  checkShape(shape, 'normal', opts.dtype);
  return add(mul(randn(shape, opts), std), mean);
}

/** Integers uniform in [low, high). */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`randint: need integers low < high, got [${low}, ${high})`);
  }
  // int32 output (the default) holds [-2^31, 2^31); float outputs are exact up to 2^53
  const limit = (opts.dtype ?? 'int32') === 'int32' ? 2 ** 31 : 2 ** 53;
  if (low < -limit || high > limit) {
    throw new ValueError(`randint: [${low}, ${high}) does not fit ${opts.dtype ?? 'int32'} (values within ±${limit})`);
  }
  checkShape(shape, 'randint', 'float64');
  const device = opts.device ?? getDefaultDevice();
  if (!hasFloat64(device)) return randint32(low, high, shape, { ...opts, device });
  const u = rand(shape, { ...opts, dtype: 'float64' });
  return cast(add(floor(mul(u, high - low)), low), opts.dtype ?? 'int32');
}

/** Devices without float64 (WebGPU) draw in 32 bits; the CPU keeps its float64 formulation and results. */
const hasFloat64 = (device: Device): boolean => device.backend.dtypes?.includes('float64') ?? true;

/**
 * randint from 32 raw Threefry bits: low + (bits mod (high - low)). Every value of the range is
 * reachable and the modulo bias is below (high - low) / 2^32. The range must fit in int32.
 */
function randint32(low: number, high: number, shape: readonly number[], opts: RandomOptions & { device: Device }): Tensor {
  const INT32_MAX = 2 ** 31 - 1;
  if (low < -(2 ** 31) || high - 1 > INT32_MAX || high - low > INT32_MAX) {
    throw new ValueError(`randint: [${low}, ${high}) on device ${opts.device.name} (no float64) needs low, high - 1 and ` +
      `high - low within int32, got a range of ${high - low}`);
  }
  const bits = draw('randint', 'bits', shape, { ...opts, dtype: 'int32' });
  // Python-style remainder: non-negative for a positive divisor, whatever the sign of the bits
  return cast(add(bits.remainder(high - low), low), opts.dtype ?? 'int32');
}

/** 1 with probability p (a number or a tensor of probabilities), else 0; in p's dtype. */
export function bernoulli(p: Tensor | number, opts: RandomOptions & { shape?: readonly number[] } = {}): Tensor {
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) throw new ValueError(`bernoulli: p must be in [0, 1], got ${p}`);
    checkShape(opts.shape ?? [], 'bernoulli', opts.dtype);
    const u = rand(opts.shape ?? [], opts);
    return cast(lt(u, p), opts.dtype ?? 'float32');
  }
  if (!isFloat(p.dtype)) throw new DTypeError(`bernoulli: probabilities must be float, got ${p.dtype}`);
  return draw('bernoulli', 'bernoulli', p.shape, { ...opts, dtype: opts.dtype ?? p.dtype, device: p.device }, p.viewFor('bernoulli'));
}

/**
 * Draws `numSamples` category indices per row of (unnormalized, non-negative) probabilities [C] or [R, C],
 * by inverting the cumulative distribution. With replacement only.
 */
export function multinomial(probs: Tensor, numSamples: number, opts: RandomOptions = {}): Tensor {
  if (probs.rank < 1 || probs.rank > 2) throw new ValueError(`multinomial: expected probabilities [C] or [R, C], got rank ${probs.rank}`);
  const p2 = probs.rank === 1 ? probs.reshape([1, -1]) : probs;
  const [R, C] = p2.shape as [number, number];
  const wide = hasFloat64(probs.device) ? 'float64' : 'float32';
  const cdf = cumsumLastDim(cast(p2, wide));
  const total = cdf.narrow(1, C - 1, 1);
  // u < total: (1 - 2^-24)·t and (1 - 2^-53)·t round below t in their own precision
  const u = mul(rand([R, numSamples], { ...opts, dtype: wide, device: probs.device }), total);
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
