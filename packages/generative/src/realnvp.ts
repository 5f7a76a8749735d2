import { Module, type Tensor, type Generator, ValueError, randn, noGrad } from '@dnn/tensor';
import { AffineCoupling, type AffineCouplingOptions } from './coupling';
import { standardNormalLogProb } from './distributions';

export interface RealNVPOptions extends AffineCouplingOptions {
  /** Number of affine coupling layers, masks alternating between even and odd coordinates (default 4). */
  numCouplings?: number;
}

/**
 * RealNVP normalizing flow: z = f_K ∘ … ∘ f_1(x) through affine coupling layers with alternating
 * masks, base density N(0, I), exact log-likelihood by the change of variables
 *   log p(x) = log N(f(x); 0, I) + Σ_k log |det ∂f_k/∂h_{k−1}|,
 * and sampling by x = f⁻¹(z), z ~ N(0, I).
 */
export class RealNVP extends Module {
  couplings: AffineCoupling[];

  constructor(readonly features: number, opts: RealNVPOptions = {}) {
    super();
    const k = opts.numCouplings ?? 4;
    if (!Number.isInteger(k) || k < 1) throw new ValueError(`RealNVP(${features}): numCouplings must be a positive integer, got ${k}`);
    if (features < 2) throw new ValueError(`RealNVP: needs at least 2 features, got ${features}`);
    this.couplings = Array.from({ length: k }, (_, i) =>
      new AffineCoupling(features, Array.from({ length: features }, (_, j) => (j + i) % 2), opts));
  }

  /** Data → latent, with the total log-determinant per sample (shape [N]). */
  forward(x: Tensor): { z: Tensor; logDet: Tensor } {
    let h = x;
    let logDet: Tensor | null = null;
    for (const c of this.couplings) {
      const out = c.forward(h);
      h = out.y;
      logDet = logDet ? logDet.add(out.logDet) : out.logDet;
    }
    return { z: h, logDet: logDet! };
  }

  /** Latent → data: the couplings' inverses in reverse order. */
  inverse(z: Tensor): Tensor {
    let h = z;
    for (let i = this.couplings.length - 1; i >= 0; i--) h = this.couplings[i]!.inverse(h);
    return h;
  }

  /** Exact log p(x) in nats per sample, shape [N]. */
  logProb(x: Tensor): Tensor {
    const { z, logDet } = this.forward(x);
    return standardNormalLogProb(z).add(logDet);
  }

  /** x = f⁻¹(z) for z ~ N(0, I) from the counter-based generator. */
  sample(n: number, opts: { generator?: Generator; device?: Tensor['device']; dtype?: Tensor['dtype'] } = {}): Tensor {
    return noGrad(() => this.inverse(randn([n, this.features], opts)));
  }
}

/**
 * Bits per dimension of data in [0, 1] dequantized from `levels` discrete values, given its
 * log-density in nats: bpd = (−log p(x) + D·log(levels)) / (D·ln 2).
 */
export function bitsPerDim(logProbNats: number, dims: number, levels = 256): number {
  return (-logProbNats + dims * Math.log(levels)) / (dims * Math.LN2);
}
