import { Tensor } from '../tensor';
import { brandSymbol, shareInstanceofAcrossCopies } from '../process-state';

/**
 * A trainable tensor: a leaf with requiresGrad, owned by its module rather than any tidy scope.
 * Optimizers update it in place with `assign`, so references held by modules stay valid.
 */
export class Parameter extends Tensor {
  static from(t: Tensor, requiresGrad = true): Parameter {
    t.assertAlive('Parameter');
    const p = new Parameter(t.storage, t.shape, t.strides, t.offset, false);
    p.requiresGrad = requiresGrad;
    return p;
  }
}

shareInstanceofAcrossCopies(Parameter, brandSymbol('Parameter'));

export function isParameter(v: unknown): v is Parameter {
  return v instanceof Parameter;
}
