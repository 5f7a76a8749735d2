import type { Tensor } from '../tensor';
import { sameShape } from '../shape';

/** Sums a broadcast gradient back to the shape of the input that was broadcast. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  const summed = axes.length ? g.sum(axes, true) : g;
  return summed.reshape(shape);
}
