import type { Tensor } from '../tensor';
import type { Conv2dSpec, Pool2dSpec } from '../backend/contract';
import { DnnError } from '../errors';

/**
 * Compositions of the optional kernels from required primitives, for backends without them.
 * (Filled in by the composite-kernels change; until then a backend must provide these kernels.)
 */
const missing = (op: string): never => {
  throw new DnnError(`${op}: this backend has no ${op} kernel and no composite fallback exists yet`);
};

export const composite = {
  conv2d: (_x: Tensor, _w: Tensor, _s: Conv2dSpec): Tensor => missing('conv2d'),
  conv2dBackwardInput: (_dy: Tensor, _w: Tensor, _s: Conv2dSpec & { xShape: readonly number[] }): Tensor => missing('conv2dBackwardInput'),
  conv2dBackwardWeight: (_x: Tensor, _dy: Tensor, _s: Conv2dSpec & { wShape: readonly number[] }): Tensor => missing('conv2dBackwardWeight'),
  maxPool2d: (_x: Tensor, _s: Pool2dSpec): Tensor[] => missing('maxPool2d'),
  avgPool2d: (_x: Tensor, _s: Pool2dSpec): Tensor => missing('avgPool2d'),
  avgPool2dBackward: (_dy: Tensor, _s: Pool2dSpec & { xShape: readonly number[] }): Tensor => missing('avgPool2dBackward'),
};
