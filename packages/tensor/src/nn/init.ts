import type { Tensor } from '../tensor';
import { ValueError, fmtShape } from '../errors';
import { noGrad } from '../autograd/mode';
import { rand, randn, type RandomOptions } from '../ops/random';
import { full } from '../ops/creation';
import type { Generator } from '../random/generator';

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

export function uniform_(t: Tensor, low = 0, high = 1, generator?: Generator): Tensor {
  return noGrad(() => t.assign(rand(t.shape, opts(t, generator)).mul(high - low).add(low)));
}
export function normal_(t: Tensor, mean = 0, std = 1, generator?: Generator): Tensor {
  return noGrad(() => t.assign(randn(t.shape, opts(t, generator)).mul(std).add(mean)));
}
export function constant_(t: Tensor, value: number): Tensor {
  return noGrad(() => t.assign(full(t.shape, value, { dtype: t.dtype, device: t.device })));
}
export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

export interface KaimingOptions {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
  generator?: Generator;
}

/** He et al. uniform: U(-b, b) with b = gain·√(3/fan). PyTorch's Linear/Conv default is a = √5. */
export function kaimingUniform_(t: Tensor, o: KaimingOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(t);
  const fan = (o.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  const gain = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0);
  const bound = fan === 0 ? 0 : gain * Math.sqrt(3 / fan);
  return uniform_(t, -bound, bound, o.generator);
}

export function kaimingNormal_(t: Tensor, o: KaimingOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(t);
  const fan = (o.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  const gain = calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0);
  return normal_(t, 0, fan === 0 ? 0 : gain / Math.sqrt(fan), o.generator);
}

/** The bias init PyTorch pairs with its default weight init: U(-1/√fan_in, 1/√fan_in). */
export function defaultBias_(bias: Tensor, fanIn: number, generator?: Generator): Tensor {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform_(bias, -bound, bound, generator);
}
