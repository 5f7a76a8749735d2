import { describe, it, expect } from 'vitest';
import { fixture } from './fixture-problem';
import { clipGradNorm, clipGradValue } from './clip';
import { Parameter } from '../nn/parameter';
import { tensor } from '../ops/creation';
import { expectClose, fromSpec } from '../testing/golden';
import { keep } from '../memory';

function withGrads(values: Parameter[] | null = null): Parameter[] {
  return fixture.clip.grads.map((g, i) => {
    const p = values?.[i] ?? Parameter.from(fromSpec({ ...g, data: g.data.map(() => 0) }));
    p.grad = keep(fromSpec(g));
    return p;
  });
}

describe('clipGradNorm matches torch.nn.utils.clip_grad_norm_', () => {
  it.each(fixture.clip.cases.map((c) => [`normType ${c.normType}, maxNorm ${c.maxNorm}`, c] as const))('%s', (_, c) => {
    const params = withGrads();
    const total = clipGradNorm(params, c.maxNorm, c.normType === 'inf' ? Infinity : c.normType);
    expect(total.shape).toEqual([]);
    expectClose([total.item()], [c.total], { rtol: 1e-12 }, 'total norm');
    params.forEach((p, i) => expectClose(p.grad!.dataSync(), c.clipped[i]!.data, { rtol: 1e-12 }, `gradient ${i}`));
  });
});

describe('gradient clipping', () => {
  it('refuses a non-finite total when asked, leaving the gradients alone', () => {
    const p = Parameter.from(tensor([1, 2]));
    p.grad = keep(tensor([Infinity, 1]));
    expect(() => clipGradNorm([p], 1, 2, { errorIfNonfinite: true })).toThrow(/total norm of order 2 of the gradients is Infinity/);
    expect(Array.from(p.grad.dataSync())).toEqual([Infinity, 1]);
    expect(clipGradNorm([Parameter.from(tensor([1]))], 1).item()).toBe(0); // no gradients
  });

  it('clipGradValue clamps every element', () => {
    const [a, b] = [Parameter.from(tensor([0, 0, 0])), Parameter.from(tensor([0]))];
    a.grad = keep(tensor([-3, 0.5, 2]));
    b.grad = keep(tensor([-0.25]));
    clipGradValue([a, b], 1);
    expect(Array.from(a.grad.dataSync())).toEqual([-1, 0.5, 1]);
    expect(Array.from(b.grad.dataSync())).toEqual([-0.25]);
  });
});
