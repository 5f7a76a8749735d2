import type { Tensor } from '../tensor';
import { ShapeError, fmtShape } from '../errors';
import { Module, resolveOptions, type ModuleOptions } from './module';
import type { Parameter } from './parameter';
import { emptyParameter } from './empty';
import { ones_, zeros_ } from './init';

/** Normalizes over the trailing `normalizedShape` dims: (x - mean)/√(var + ε)·γ + β (biased variance). */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  if (x.rank < k || normalizedShape.some((d, i) => x.shape[x.rank - k + i] !== d)) {
    throw new ShapeError(`layerNorm: expected input [..., ${normalizedShape.join(', ')}], got ${fmtShape(x.shape)}`);
  }
  const dims = normalizedShape.map((_, i) => x.rank - k + i);
  const mean = x.mean(dims, true);
  const centered = x.sub(mean);
  const variance = centered.square().mean(dims, true);
  let y = centered.mul(variance.add(eps).rsqrt());
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}

export interface LayerNormOptions extends ModuleOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Learn a per-element scale γ (init 1) and shift β (init 0). Default true. */
  elementwiseAffine?: boolean;
}

/** The layerNorm function with learnable γ and β: `new LayerNorm(512)` or `new LayerNorm([C, H, W])`. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], readonly opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    const o = resolveOptions(opts);
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? ones_(emptyParameter(this.normalizedShape, o)) as Parameter : null;
    this.bias = affine ? zeros_(emptyParameter(this.normalizedShape, o)) as Parameter : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.opts.eps ?? 1e-5);
  }

  override extraRepr(): string {
    return `[${this.normalizedShape}], eps=${this.opts.eps ?? 1e-5}`;
  }
}
