import { describe, expect, it } from 'vitest';
import { conv2d, fromTypedArray, grad, gradients, matmul, softmax, tensor, type Tensor } from '../index';
import { expectClose } from '../testing/allclose';
import { gradgradcheck } from '../testing/gradcheck';
import { hostUniform } from '../testing/host-random';

const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });
const xs = [-1.3, -0.2, 0.4, 1.1];

describe('grad(grad(f)) against closed forms', () => {
  it('tanh″ = −2·tanh·(1 − tanh²)', () => {
    const d2 = grad((x) => grad((y) => y.tanh().sum())(x)[0]!.sum());
    const t = xs.map(Math.tanh);
    expectClose(d2(f64(xs))[0]!, t.map((v) => -2 * v * (1 - v * v)), { rtol: 1e-12 });
  });

  it('exp‴ = exp (three nested levels)', () => {
    const d1 = grad((x) => x.exp().sum());
    const d2 = grad((x) => d1(x)[0]!.sum());
    const d3 = grad((x) => d2(x)[0]!.sum());
    expectClose(d3(f64(xs))[0]!, xs.map(Math.exp), { rtol: 1e-12 });
  });

  it('mixed partials of x·y·y: ∂²/∂x∂y = 2y, ∂²/∂y² = 2x', () => {
    const x = f64([0.5, -2]), y = f64([3, 0.25]);
    const dy = (a: Tensor, b: Tensor) => grad((p, q) => p.mul(q).mul(q).sum(), { argnums: [1] })(a, b)[0]!;
    const [dxy, dyy] = grad((a, b) => dy(a, b).sum())(x, y);
    expectClose(dxy!, [6, 0.5], { rtol: 1e-12 });
    expectClose(dyy!, [1, -4], { rtol: 1e-12 });
  });

  it('second derivative with respect to a leaf through gradients(…, { createGraph })', () => {
    const x = f64([0.3, -0.7]).setRequiresGrad(true);
    const y = x.sin().mul(x).sum();
    const [g] = gradients(y, [x], undefined, { createGraph: true });
    expect(g!.requiresGrad).toBe(true);
    const [h] = gradients(g!.sum(), [x]);
    // d²/dx² x·sin x = 2cos x − x·sin x
    expectClose(h!, [0.3, -0.7].map((v) => 2 * Math.cos(v) - v * Math.sin(v)), { rtol: 1e-12 });
  });

  it('a gradient penalty: value and gradient in one loss, single backward', () => {
    // L = Σ x³ + Σ (3x²)²  ⇒  dL/dx = 3x² + 36x³
    const x = f64([0.5, -1, 2]).setRequiresGrad(true);
    const y = x.mul(x).mul(x).sum();
    const [g] = gradients(y, [x], undefined, { createGraph: true });
    const loss = y.add(g!.square().sum());
    loss.backward();
    expectClose(x.grad!, [0.5, -1, 2].map((v) => 3 * v * v + 36 * v ** 3), { rtol: 1e-12 });
  });
});

describe('gradgradcheck of rules that are cheap to differentiate twice', () => {
  let seed = 900;
  const rnd = (shape: number[], low = -1.5, high = 1.5) =>
    fromTypedArray(hostUniform(shape.reduce((a, b) => a * b, 1), seed++, low, high), shape);
  const cases: [string, (...t: Tensor[]) => Tensor, () => Tensor[]][] = [
    ['tanh', (x) => x.tanh(), () => [rnd([5])]],
    ['mul', (a, b) => a.mul(b), () => [rnd([2, 3]), rnd([3])]],
    ['exp', (x) => x.exp(), () => [rnd([5])]],
    ['div', (a, b) => a.div(b), () => [rnd([4]), rnd([4], 0.5, 2)]],
    ['log', (x) => x.log(), () => [rnd([4], 0.5, 2)]],
    ['sigmoid', (x) => x.sigmoid(), () => [rnd([4])]],
    ['sqrt', (x) => x.sqrt(), () => [rnd([4], 0.5, 2)]],
    ['pow', (a, b) => a.pow(b), () => [rnd([3], 0.5, 2), rnd([3])]],
    ['matmul', (a, b) => matmul(a, b), () => [rnd([2, 3]), rnd([3, 2])]],
    ['softmax', (x) => softmax(x, -1), () => [rnd([2, 3])]],
    ['conv2d', (x, w) => conv2d(x, w, null, { padding: 1 }), () => [rnd([1, 1, 3, 3]), rnd([2, 1, 2, 2])]],
  ];
  for (const [name, fn, inputs] of cases) {
    it(name, async () => {
      const report = await gradgradcheck(fn, inputs());
      expect(report.inputs.every((r) => r.mismatched === 0)).toBe(true);
    });
  }
});
