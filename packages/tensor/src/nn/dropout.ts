import type { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { bernoulli } from '../ops/random';
import type { Generator } from '../random/generator';
import { Module } from './module';

/** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p); train only. */
export function dropout(x: Tensor, p: number, training: boolean, generator?: Generator): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = bernoulli(1 - p, { shape: x.shape, dtype: x.dtype, device: x.device, generator });
  return x.mul(keep).div(1 - p);
}

export class Dropout extends Module {
  constructor(readonly p = 0.5, readonly opts: { generator?: Generator } = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.opts.generator);
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
