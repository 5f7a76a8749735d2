import type { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { noGrad } from '../autograd/mode';
import { tidy } from '../memory';
import { full } from '../ops/creation';
import { div } from '../ops/elementwise';
import { stack } from '../ops/movement';

/** ‖x‖_p over all elements; p = Infinity is the largest magnitude. */
function vectorNorm(x: Tensor, p: number): Tensor {
  if (p === Infinity) return x.abs().max();
  if (p === 2) return x.square().sum().sqrt();
  if (p === 1) return x.abs().sum();
  return x.abs().pow(p).sum().pow(1 / p);
}

const gradsOf = (params: Iterable<Tensor>): Tensor[] => [...params].flatMap((p) => (p.grad ? [p.grad] : []));

/**
 * Rescales the gradients in place so that their joint p-norm is at most maxNorm (torch's
 * clip_grad_norm_): every gradient is multiplied by min(1, maxNorm/(total + 1e-6)). Returns the total
 * norm before clipping as a 0-d tensor (read it with `item()` or `await data()`); with
 * `errorIfNonfinite` a NaN or infinite total throws instead (a synchronous read).
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, normType = 2, opts: { errorIfNonfinite?: boolean } = {}): Tensor {
  if (!(normType > 0)) throw new ValueError(`clipGradNorm: normType must be positive (or Infinity), got ${normType}`);
  if (!(maxNorm >= 0)) throw new ValueError(`clipGradNorm: maxNorm must be non-negative, got ${maxNorm}`);
  const grads = gradsOf(params);
  if (grads.length === 0) return full([], 0);
  return noGrad(() => {
    const total = tidy(() => vectorNorm(stack(grads.map((g) => vectorNorm(g, normType))), normType));
    if (opts.errorIfNonfinite) {
      const v = total.item();
      if (!Number.isFinite(v)) {
        total.dispose();
        throw new ValueError(`clipGradNorm: the total norm of order ${normType} of the gradients is ${v}; the gradients cannot be clipped`);
      }
    }
    tidy(() => {
      const coef = div(maxNorm, total.add(1e-6)).minimum(1);
      for (const g of grads) g.assign(g.mul(coef));
    });
    return total;
  });
}

/** Clamps every gradient element into [-clipValue, clipValue], in place. */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new ValueError(`clipGradValue: clipValue must be non-negative, got ${clipValue}`);
  noGrad(() => {
    for (const g of gradsOf(params)) tidy(() => g.assign(g.clamp(-clipValue, clipValue)));
  });
}
