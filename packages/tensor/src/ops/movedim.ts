import { normDim } from '../shape';
import type { Tensor } from '../tensor';

/** Moves dim `from` to position `to`, keeping the order of the others. */
export function movedim(x: Tensor, from: number, to: number): Tensor {
  const f = normDim(from, x.rank, 'movedim');
  const t = normDim(to, x.rank, 'movedim');
  const rest = [...x.shape.keys()].filter((d) => d !== f);
  rest.splice(t, 0, f);
  return x.permute(rest);
}
