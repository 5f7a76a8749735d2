import { describe, expect, it } from 'vitest';
import { Linear, tensor } from '@dnn/tensor';
import { accuracy, evaluate } from './evaluate';
import { readScalars } from './read';

describe('evaluate', () => {
  it('gives the per-sample mean loss and accuracy, in closed form for identity logits', async () => {
    const model = new Linear(2, 2, { bias: false });
    model.weight.assign(tensor([[1, 0], [0, 1]]));
    // logits = inputs; predictions right for the first three, wrong for the last
    const batches = [
      { x: tensor([[2, 0], [0, 1]]), y: tensor([0, 1], { dtype: 'int32' }) },
      { x: tensor([[3, 1], [1, 0]]), y: tensor([0, 1], { dtype: 'int32' }) },
    ];
    const ce = (a: number, b: number, label: number) => Math.log(Math.exp(a) + Math.exp(b)) - (label === 0 ? a : b);
    const expected = (ce(2, 0, 0) + ce(0, 1, 1) + ce(3, 1, 0) + ce(1, 0, 1)) / 4;
    const r = await evaluate(model, batches, { metrics: { accuracy } });
    expect(r.samples).toBe(4);
    expect(r.accuracy).toBe(0.75);
    expect(r.loss).toBeCloseTo(expected, 6);
    expect(model.training).toBe(true); // back in training mode afterwards
    for (const b of batches) [b.x, b.y].forEach((t) => t.dispose());
  });

  it('a step record without a loss is refused', async () => {
    await expect(readScalars({ gradNorm: 1 } as never)).rejects.toThrow('step: the record a step returns needs a `loss` entry');
  });
});
