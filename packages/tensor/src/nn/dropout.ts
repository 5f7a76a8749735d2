import type { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { bernoulli } from '../ops/random';
import type { Generator } from '../random/generator';
import { Module, type ModuleOptions } from './module';

/** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p); train only. */
export function dropout(x: Tensor, p: number, training: boolean, generator?: Generator): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = bernoulli(1 - p, { shape: x.shape, dtype: x.dtype, device: x.device, generator });
  return x.mul(keep).div(1 - p);
}

export interface DropoutOptions extends ModuleOptions {
  /** Probability of zeroing an element. Default 0.5. */
  p?: number;
}

/** The dropout function as a module: `new Dropout({ p: 0.2 })`; the identity in eval mode. */
export class Dropout extends Module {
  readonly p: number;

  constructor(readonly opts: DropoutOptions = {}) {
    super();
    const p = this.p = opts.p ?? 0.5;
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.opts.generator);
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
