import { concat, noGrad, tensor, type Tensor } from '@dnn/tensor';
import type { ConditionalSampler, LabeledSet } from '@dnn/generative';

/**
 * The plumbing of a class-conditional generator made of one unconditional model per class: fits
 * `fit` on each class's rows of `train`, and returns a sampler that asks each class's model for the
 * rows labelled with that class (`draw(model, x, n)`, x being the class's training rows) and puts the
 * rows back in the order the labels asked for.
 */
export function perClassGenerator<M>(
  train: LabeledSet,
  numClasses: number,
  fit: (x: Tensor) => M,
  draw: (model: M, x: Tensor, n: number) => Tensor,
): ConditionalSampler {
  const labels = train.y.dataSync();
  const perClass = Array.from({ length: numClasses }, (_, c) => {
    const idx = tensor(Int32Array.from([...labels.keys()].filter((i) => labels[i] === c)), { dtype: 'int32' });
    const x = train.x.indexSelect(0, idx);
    return { model: fit(x), x };
  });
  return (wanted) => noGrad(() => {
    const want = Array.from(wanted.dataSync());
    const parts: Tensor[] = [];
    const positions: number[] = [];
    for (let c = 0; c < numClasses; c++) {
      const at = want.flatMap((w, i) => (w === c ? [i] : []));
      if (!at.length) continue;
      const { model, x } = perClass[c]!;
      parts.push(draw(model, x, at.length));
      positions.push(...at);
    }
    // rows are grouped by class: put them back in the order the labels asked for
    const inverse = new Int32Array(positions.length);
    positions.forEach((p, row) => { inverse[p] = row; });
    return concat(parts, 0).indexSelect(0, tensor(inverse, { dtype: 'int32' }));
  });
}

/** n of the class's training rows, taken in turn: the starting states of n sampling chains. */
export function startsFrom(x: Tensor, n: number): Tensor {
  return x.indexSelect(0, tensor(Int32Array.from({ length: n }, (_, j) => j % x.shape[0]!), { dtype: 'int32' }));
}
