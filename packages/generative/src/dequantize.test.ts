import { describe, it, expect } from 'vitest';
import { tensor, Generator } from '@dnn/tensor';
import { dequantize, logitTransform, bitsPerDim } from './index';

describe('dequantization and the logit transform', () => {
  it('dequantized values stay in [v/256, (v+1)/256)', () => {
    const v = tensor([[0, 17, 255], [128, 3, 64]]);
    const x = dequantize(v, { generator: new Generator(1) }).dataSync();
    Array.from(v.dataSync()).forEach((p, i) => {
      expect(x[i]).toBeGreaterThanOrEqual(p / 256);
      expect(x[i]).toBeLessThan((p + 1) / 256);
    });
  });

  it('logit transform: values and the log-derivative by central differences', () => {
    const xs = [0.01, 0.3, 0.5, 0.97];
    const alpha = 0.05;
    const { y, logDet } = logitTransform(tensor([xs], { dtype: 'float64' }), alpha);
    const f = (x: number) => { const p = alpha + (1 - 2 * alpha) * x; return Math.log(p / (1 - p)); };
    const yd = y.dataSync();
    xs.forEach((x, i) => expect(yd[i]).toBeCloseTo(f(x), 12));
    const h = 1e-6;
    const expected = xs.reduce((acc, x) => acc + Math.log((f(x + h) - f(x - h)) / (2 * h)), 0);
    expect(logDet.item()).toBeCloseTo(expected, 6);
  });

  it('bits per dimension: a uniform density on [0, 1]^D is 8 bits for 256 levels', () => {
    expect(bitsPerDim(0, 784)).toBeCloseTo(8, 12);
    expect(bitsPerDim(-784 * Math.LN2, 784)).toBeCloseTo(9, 12);
  });
});
