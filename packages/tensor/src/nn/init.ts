import type { Tensor } from '../tensor';
import { ValueError, fmtShape } from '../errors';
import { noGrad } from '../autograd/mode';
import { tidy } from '../memory';
import { rand, randn, type RandomOptions } from '../ops/random';
import { full, tensor } from '../ops/creation';
import { cpu } from '../device';
import type { Generator } from '../random/generator';
import { normalCdf, normalQuantile } from './normal-dist';

/**
 * In-place initializers (torch.nn.init), all seeded through an optional Generator.
 * Each returns the tensor it filled.
 */
export type Nonlinearity = 'linear' | 'conv' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** Recommended gain per nonlinearity (torch.nn.init.calculate_gain). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv': case 'sigmoid': return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': return Math.sqrt(2 / (1 + (param ?? 0.01) ** 2));
    case 'selu': return 3 / 4;
  }
}

/** fan_in = in-features × receptive field, fan_out = out-features × receptive field. */
export function fans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.rank < 2) throw new ValueError(`init: fan in/out need a tensor of at least 2 dims, got ${fmtShape(t.shape)}`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

const opts = (t: Tensor, generator?: Generator): RandomOptions => ({ generator, dtype: t.dtype, device: t.device });

/** Assigns a computed value, freeing the temporaries now: left to GC, one would share t's buffer and keep it alive after t's next assign. */
function fill(t: Tensor, value: () => Tensor): Tensor {
  noGrad(() => tidy(() => void t.assign(value())));
  return t;
}

export function uniform_(t: Tensor, low = 0, high = 1, generator?: Generator): Tensor {
  return fill(t, () => rand(t.shape, opts(t, generator)).mul(high - low).add(low));
}
export function normal_(t: Tensor, mean = 0, std = 1, generator?: Generator): Tensor {
  return fill(t, () => randn(t.shape, opts(t, generator)).mul(std).add(mean));
}
export function constant_(t: Tensor, value: number): Tensor {
  return fill(t, () => full(t.shape, value, { dtype: t.dtype, device: t.device }));
}
export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

export interface KaimingOptions {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
  /**
   * The fan-in to use instead of the one read from t's shape (mode 'fan_in' only): for a weight stored
   * in another layout than [out, in, ...k], such as a convolution with a connection table.
   */
  fanIn?: number;
  generator?: Generator;
}

function kaimingFan(t: Tensor, o: KaimingOptions): number {
  const mode = o.mode ?? 'fan_in';
  if (o.fanIn !== undefined) {
    if (mode !== 'fan_in') throw new ValueError(`kaiming init: the fanIn option needs mode 'fan_in', got '${mode}'`);
    return o.fanIn;
  }
  const { fanIn, fanOut } = fans(t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** He et al. uniform: U(-b, b) with b = gain·√(3/fan). PyTorch's Linear/Conv default is a = √5. */
export function kaimingUniform_(t: Tensor, o: KaimingOptions = {}): Tensor {
  const fan = kaimingFan(t, o);
  const gain = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0);
  const bound = fan === 0 ? 0 : gain * Math.sqrt(3 / fan);
  return uniform_(t, -bound, bound, o.generator);
}

export function kaimingNormal_(t: Tensor, o: KaimingOptions = {}): Tensor {
  const fan = kaimingFan(t, o);
  const gain = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0);
  return normal_(t, 0, fan === 0 ? 0 : gain / Math.sqrt(fan), o.generator);
}

/** The bias init PyTorch pairs with its default weight init: U(-1/√fan_in, 1/√fan_in). */
export function defaultBias_(bias: Tensor, fanIn: number, generator?: Generator): Tensor {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform_(bias, -bound, bound, generator);
}

/**
 * U(-b, b) with b = scale/fan_in (not its square root): the init LeCun et al. (1998) gave LeNet-5's
 * trainable layers with scale 2.4, which keeps a tanh unit's weighted sum in its linear range.
 * The fan-in is given, since a layer such as trainable subsampling shares one weight over a window.
 */
export function fanInUniform_(t: Tensor, fanIn: number, o: { scale?: number; generator?: Generator } = {}): Tensor {
  const bound = fanIn > 0 ? (o.scale ?? 1) / fanIn : 0;
  return uniform_(t, -bound, bound, o.generator);
}

export interface GainOptions {
  gain?: number;
  generator?: Generator;
}

/** Glorot & Bengio uniform: U(-b, b) with b = gain·√(6/(fan_in + fan_out)). */
export function xavierUniform_(t: Tensor, o: GainOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(t);
  const bound = fanIn + fanOut === 0 ? 0 : (o.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, o.generator);
}

/** Glorot & Bengio normal: N(0, σ²) with σ = gain·√(2/(fan_in + fan_out)). */
export function xavierNormal_(t: Tensor, o: GainOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(t);
  return normal_(t, 0, fanIn + fanOut === 0 ? 0 : (o.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), o.generator);
}

/** LeCun uniform (Efficient BackProp, 1998): variance gain²/fan_in, i.e. U(-b, b) with b = gain·√(3/fan_in). */
export function lecunUniform_(t: Tensor, o: GainOptions = {}): Tensor {
  const { fanIn } = fans(t);
  const bound = fanIn === 0 ? 0 : (o.gain ?? 1) * Math.sqrt(3 / fanIn);
  return uniform_(t, -bound, bound, o.generator);
}

/** LeCun normal: N(0, σ²) with σ = gain/√fan_in (the init SELU networks assume). */
export function lecunNormal_(t: Tensor, o: GainOptions = {}): Tensor {
  const { fanIn } = fans(t);
  return normal_(t, 0, fanIn === 0 ? 0 : (o.gain ?? 1) / Math.sqrt(fanIn), o.generator);
}

/** Standard normal draws as float64 on the CPU: host-side inits use the same bits whatever t's device. */
function hostDraw(kind: 'uniform' | 'normal', n: number, generator?: Generator): Float64Array {
  const drawn = (kind === 'uniform' ? rand : randn)([n], { dtype: 'float64', device: cpu(), generator });
  const values = Float64Array.from(drawn.dataSync());
  drawn.dispose();
  return values;
}

const fillFromHost = (t: Tensor, values: Float64Array): Tensor =>
  fill(t, () => tensor(values, { shape: t.shape, dtype: t.dtype, device: t.device }));

/**
 * Saxe et al. orthogonal init: t viewed as [rows, cols] gets orthonormal rows (rows ≤ cols) or
 * columns (rows > cols), times gain. As torch.nn.init.orthogonal_: the Q of a Gaussian matrix's QR
 * with R's diagonal made positive, here by modified Gram–Schmidt with a second pass, in float64.
 */
export function orthogonal_(t: Tensor, o: GainOptions = {}): Tensor {
  if (t.rank < 2) throw new ValueError(`orthogonal_: needs a tensor of at least 2 dims, got ${fmtShape(t.shape)}`);
  const rows = t.shape[0]!;
  const cols = t.size / Math.max(rows, 1);
  if (t.size === 0) return t;
  const a = hostDraw('normal', rows * cols, o.generator);
  // factor the tall orientation: m ≥ n vectors of length m; element i of vector j sits at a[at(i, j)]
  const [m, n] = rows >= cols ? [rows, cols] : [cols, rows];
  const at = rows >= cols ? (i: number, j: number) => i * cols + j : (i: number, j: number) => j * cols + i;
  const q = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a[at(i, j)]!));
  for (let j = 0; j < n; j++) {
    const v = q[j]!;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const u = q[k]!;
        let r = 0;
        for (let i = 0; i < m; i++) r += u[i]! * v[i]!;
        for (let i = 0; i < m; i++) v[i] -= r * u[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < m; i++) v[i] *= scale;
  }
  const gain = o.gain ?? 1;
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) out[at(i, j)] = gain * q[j]![i]!;
  return fillFromHost(t, out);
}

export interface TruncNormalOptions {
  mean?: number;
  std?: number;
  /** Lower cut-off, in the units of the values (not of std). Default -2. */
  a?: number;
  /** Upper cut-off. Default 2. */
  b?: number;
  generator?: Generator;
}

/**
 * N(mean, std²) conditioned on [a, b], by inverting the CDF on the host in float64: u uniform in
 * [Φ(α), Φ(β)], x = mean + std·Φ⁻¹(u). An interval in the upper tail is mirrored into the lower one,
 * where Φ keeps its relative precision.
 */
export function truncNormal_(t: Tensor, o: TruncNormalOptions = {}): Tensor {
  const mean = o.mean ?? 0, std = o.std ?? 1, a = o.a ?? -2, b = o.b ?? 2;
  if (!(std > 0)) throw new ValueError(`truncNormal_: std must be positive, got ${std}`);
  if (!(a < b)) throw new ValueError(`truncNormal_: need a < b, got [${a}, ${b}]`);
  const flip = (a - mean) / std > 0;
  const lo = flip ? (mean - b) / std : (a - mean) / std;
  const hi = flip ? (mean - a) / std : (b - mean) / std;
  const pl = normalCdf(lo), pu = normalCdf(hi);
  const u = hostDraw('uniform', t.size, o.generator);
  const out = new Float64Array(t.size);
  for (let i = 0; i < out.length; i++) {
    const z = normalQuantile(Math.min(Math.max(pl + u[i]! * (pu - pl), Number.MIN_VALUE), 1 - Number.EPSILON / 2));
    out[i] = Math.min(Math.max(mean + std * (flip ? -z : z), a), b);
  }
  return fillFromHost(t, out);
}
