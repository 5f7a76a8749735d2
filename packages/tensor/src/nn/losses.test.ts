import { describe, it, expect } from 'vitest';
import * as L from './losses';
import { CrossEntropyLoss, BCEWithLogitsLoss, MSELoss } from './loss-modules';
import { tensor } from '../ops/creation';
import { Tensor } from '../tensor';
import { ShapeError, ValueError, DTypeError } from '../errors';
import { readFixture, fromSpec, expectClose, type TensorSpec } from '../testing/golden';

interface Case {
  name: string;
  fn: keyof typeof L;
  args: (TensorSpec & { grad: boolean })[];
  opts: Record<string, unknown>;
  out: TensorSpec;
  gradOutput: TensorSpec;
  grads: (TensorSpec | null)[];
}

const { cases } = readFixture<{ cases: Case[] }>('losses.json');
const isSpec = (v: unknown): v is TensorSpec => typeof v === 'object' && v !== null && 'shape' in v && 'data' in v;

describe('losses match PyTorch (values and input gradients, float64)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const args = c.args.map((a) => fromSpec(a, { requiresGrad: a.grad }));
    const opts = Object.fromEntries(Object.entries(c.opts).map(([k, v]) => [k, isSpec(v) ? fromSpec(v) : v]));
    const fn = L[c.fn] as (...a: unknown[]) => Tensor;
    const out = fn(...args, opts);
    expect(out.shape).toEqual(c.out.shape);
    expectClose(out.dataSync(), c.out.data, { rtol: 1e-10, atol: 1e-12 }, 'value');
    out.mul(fromSpec(c.gradOutput)).sum().backward();
    c.grads.forEach((g, i) => {
      if (g) expectClose(args[i]!.grad!.dataSync(), g.data, { rtol: 1e-9, atol: 1e-12 }, `grad of argument ${i}`);
    });
  });
});

describe('losses', () => {
  it('crossEntropy is finite and exact for logits of ±1e4 in float32', () => {
    const logits = tensor([[1e4, -1e4, 0], [-1e4, -1e4, -1e4]], { requiresGrad: true });
    const loss = L.crossEntropy(logits, tensor([1, 2], { dtype: 'int32' }));
    // row 0: -logp[1] = 2e4; row 1: uniform, log 3
    expect(loss.item()).toBeCloseTo((2e4 + Math.log(3)) / 2, 2);
    loss.backward();
    expectClose(logits.grad!.dataSync(), [0.5, -0.5, 0, 1 / 6, 1 / 6, -1 / 3], { atol: 1e-6 });
  });

  it('names the op and the shapes when they do not fit', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => L.mseLoss(x, tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => L.mseLoss(x, tensor([1, 2, 3]))).toThrow(/mseLoss: input \[1,3\] and target \[3\]/);
    expect(() => L.crossEntropy(x, tensor([[0]], { dtype: 'int32' }))).toThrow(/crossEntropy|nllLoss/);
    expect(() => L.crossEntropy(x, tensor([3], { dtype: 'int32' }))).toThrow(/target 3 .* out of range for 3 classes/);
    expect(() => L.crossEntropy(x, tensor([0], { dtype: 'int32' }), { weight: tensor([1, 2]) })).toThrow(/weight must have shape \[3\]/);
    expect(() => L.nllLoss(x, tensor([0]))).toThrow(DTypeError);
    expect(() => L.mseLoss(x, x, { reduction: 'avg' as never })).toThrow(ValueError);
  });

  it('module wrappers hold their options and weights as buffers', () => {
    const ce = new CrossEntropyLoss({ weight: tensor([1, 2, 3]), labelSmoothing: 0.1 });
    expect(Object.keys(ce.stateDict())).toEqual(['weight']);
    const x = tensor([[0.5, -1, 2], [1, 1, 0]]);
    const t = tensor([2, 0], { dtype: 'int32' });
    expect(ce.forward(x, t).item()).toBeCloseTo(L.crossEntropy(x, t, { weight: tensor([1, 2, 3]), labelSmoothing: 0.1 }).item(), 6);
    const bce = new BCEWithLogitsLoss({ posWeight: tensor([2, 1, 1]), reduction: 'sum' });
    expect(Object.keys(bce.stateDict())).toEqual(['posWeight']);
    expect(new MSELoss({ reduction: 'sum' }).forward(x, x.add(1)).item()).toBe(6);
    expect(new MSELoss().toString()).toBe('MSELoss(reduction=mean)');
  });
});
