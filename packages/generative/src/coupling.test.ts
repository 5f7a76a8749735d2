import { describe, it, expect } from 'vitest';
import { Generator, randn, gradients, tensor, type Tensor } from '@dnn/tensor';
import { AffineCoupling, RealNVP } from './index';

/** log |det A| of a small dense matrix by Gaussian elimination with partial pivoting. */
function logAbsDet(a: number[][]): number {
  const m = a.map((r) => [...r]);
  const n = m.length;
  let acc = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    acc += Math.log(Math.abs(m[c]![c]!));
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k < n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return acc;
}

/** The Jacobian ∂f(x)_i/∂x_j of every sample, row by row with autograd (samples are independent). */
function bruteForceJacobians(f: (x: Tensor) => Tensor, x: Tensor): number[][][] {
  const [n, d] = x.shape as [number, number];
  const xs = x.detach().setRequiresGrad();
  const y = f(xs);
  const jac = Array.from({ length: n }, () => Array.from({ length: d }, () => new Array<number>(d).fill(0)));
  for (let i = 0; i < d; i++) {
    const [g] = gradients(y.select(1, i).sum(), [xs], undefined, { retainGraph: true });
    const gd = g!.dataSync();
    for (let s = 0; s < n; s++) for (let j = 0; j < d; j++) jac[s]![i]![j] = gd[s * d + j]!;
  }
  return jac;
}

const opts = (seed: number) => ({ dtype: 'float64' as const, generator: new Generator(seed), hidden: [8, 8] });

describe('AffineCoupling', () => {
  it('inverse(forward(x)) = x to 1e-10 in float64, and forward(inverse(y)) = y', () => {
    const layer = new AffineCoupling(5, [1, 0, 1, 0, 0], opts(1));
    const x = randn([7, 5], { dtype: 'float64', generator: new Generator(2) }).mul(2);
    const back = layer.inverse(layer.forward(x).y).dataSync();
    x.dataSync().forEach((v, i) => expect(Math.abs(back[i]! - v)).toBeLessThan(1e-10));
    const y2 = layer.forward(layer.inverse(x)).y.dataSync();
    x.dataSync().forEach((v, i) => expect(Math.abs(y2[i]! - v)).toBeLessThan(1e-10));
  });

  it('keeps the masked coordinates and its log-determinant equals a brute-force Jacobian\'s', () => {
    const layer = new AffineCoupling(4, [0, 1, 1, 0], opts(3));
    const x = randn([3, 4], { dtype: 'float64', generator: new Generator(4) });
    const { y, logDet } = layer.forward(x);
    const [xd, yd] = [x.dataSync(), y.dataSync()];
    for (let s = 0; s < 3; s++) for (const j of [1, 2]) expect(yd[s * 4 + j]).toBe(xd[s * 4 + j]);
    const jac = bruteForceJacobians((h) => layer.forward(h).y, x);
    const ld = logDet.dataSync();
    jac.forEach((j, s) => expect(ld[s]).toBeCloseTo(logAbsDet(j), 10));
    expect(Math.max(...Array.from(ld, Math.abs))).toBeGreaterThan(1e-3);
  });

  it('rejects a mask of the wrong length and inputs of the wrong width', () => {
    expect(() => new AffineCoupling(3, [1, 0])).toThrow(/AffineCoupling\(3\): mask must be 3 zeros and ones/);
    expect(() => new AffineCoupling(2, [1, 0]).forward(randn([4, 3]))).toThrow(/expected input \[N, 2\], got \[4,3\]/);
  });
});

describe('RealNVP', () => {
  it('is invertible to 1e-10 and its total log-determinant matches the brute-force Jacobian of the whole flow', { timeout: 20000 }, () => {
    const flow = new RealNVP(4, { ...opts(5), numCouplings: 4 });
    const x = randn([3, 4], { dtype: 'float64', generator: new Generator(6) });
    const { z, logDet } = flow.forward(x);
    const back = flow.inverse(z).dataSync();
    x.dataSync().forEach((v, i) => expect(Math.abs(back[i]! - v)).toBeLessThan(1e-10));
    const jac = bruteForceJacobians((h) => flow.forward(h).z, x);
    const ld = logDet.dataSync();
    jac.forEach((j, s) => expect(ld[s]).toBeCloseTo(logAbsDet(j), 10));
  });

  it('logProb integrates to 1 over the plane (2-D flow, midpoint rule on a grid)', { timeout: 20000 }, () => {
    const flow = new RealNVP(2, { ...opts(8), numCouplings: 3 });
    const h = 0.1, lim = 9;
    const pts: number[][] = [];
    for (let a = -lim + h / 2; a < lim; a += h) for (let b = -lim + h / 2; b < lim; b += h) pts.push([a, b]);
    const grid = flow.logProb(tensor(pts, { dtype: 'float64' })).dataSync();
    const mass = Array.from(grid).reduce((acc, v) => acc + Math.exp(v) * h * h, 0);
    expect(mass).toBeCloseTo(1, 3);
  });
});
