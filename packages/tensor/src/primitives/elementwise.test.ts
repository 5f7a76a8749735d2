import { describe, expect, it } from 'vitest';
import * as dnn from '../index';
import { BINARY_OPS, UNARY_OPS } from './elementwise';
import { tensor } from '../ops/creation';

describe('the element-wise op table', () => {
  it('gives every op a tensor method, and every unary op a function of the package', () => {
    const x = tensor([0.5, -1]);
    for (const op of Object.keys(UNARY_OPS)) {
      expect(typeof (x as unknown as Record<string, unknown>)[op], `x.${op}`).toBe('function');
      expect(typeof (dnn as Record<string, unknown>)[op], `${op}(x)`).toBe('function');
    }
    for (const op of Object.keys(BINARY_OPS)) expect(typeof (x as unknown as Record<string, unknown>)[op], `x.${op}`).toBe('function');
  });
});

describe('logSigmoid', () => {
  it('is log σ(x) without overflow or underflow at the extremes', () => {
    const x = tensor([-1e4, -800, -30, -1, 0, 1, 30, 800, 1e4, -Infinity, Infinity, NaN], { dtype: 'float64' });
    const y = Array.from(dnn.logSigmoid(x).dataSync());
    // below -30, log σ(x) = x - log1p(e^x) rounds to x; above, -log1p(e^{-x}) ≈ -e^{-x}
    expect(y.slice(0, 3)).toEqual([-1e4, -800, -30 - Math.exp(-30)]);
    expect(y[3]).toBeCloseTo(Math.log(1 / (1 + Math.E)), 15);
    expect(y[4]).toBe(-Math.LN2);
    expect(y[5]).toBeCloseTo(-Math.log1p(Math.exp(-1)), 15);
    expect(y[6]).toBe(-Math.exp(-30) * (1 - Math.exp(-30) / 2));
    expect(y.slice(7, 9)).toEqual([-0, -0]);
    expect(y.slice(9, 11)).toEqual([-Infinity, -0]);
    expect(y[11]).toBeNaN();
  });

  it('in float32 is the float64 value rounded once, and softplus is -logSigmoid(-x)', () => {
    const values = [-100, -3, 0, 2.5, 100];
    const x = tensor(values);
    const exact = tensor(values, { dtype: 'float64' }).logSigmoid();
    expect(Array.from(x.logSigmoid().dataSync())).toEqual(Array.from(exact.dataSync(), Math.fround));
    expect(Array.from(dnn.softplus(x).dataSync())).toEqual(Array.from(x.neg().logSigmoid().neg().dataSync()).map((v, i) => (i === 4 ? 100 : v)));
  });
});
