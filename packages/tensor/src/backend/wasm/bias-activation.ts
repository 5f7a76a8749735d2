import type { Backend } from '../contract';
import type { TypedArray } from '../../dtype';
import { contiguousStrides } from '../../shape';

/**
 * biasActivation through the backend's add and activation (WebAssembly where they run there), so the
 * fused primitive is never slower than the two ops on the CPU and gives their bits.
 */
export function biasActivationByOps(ops: Pick<Backend<TypedArray>, 'binary' | 'unary'>): Pick<Required<Backend<TypedArray>>, 'biasActivation'> {
  return {
    biasActivation(x, bias, activation) {
      const sum = ops.binary('add', x, bias, x.shape, x.dtype);
      if (activation === 'identity') return sum;
      return ops.unary(activation, { buffer: sum, dtype: x.dtype, shape: x.shape, strides: contiguousStrides(x.shape), offset: 0 }, x.dtype);
    },
  };
}
