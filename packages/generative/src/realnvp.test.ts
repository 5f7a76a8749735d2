import { describe, it, expect } from 'vitest';
import { Generator, optim, tidy, noGrad } from '@dnn/tensor';
import { RealNVP, twoMoons } from './index';

describe('RealNVP on two moons', () => {
  it('reaches a test log-likelihood above −1.35 nats per point, well above the best single Gaussian', { timeout: 20000 }, () => {
    const g = new Generator(31);
    const flow = new RealNVP(2, { numCouplings: 5, hidden: [32, 32], generator: g });
    const opt = new optim.Adam(flow.parameters(), { lr: 8e-3 });
    for (let step = 0; step < 250; step++) {
      tidy(() => {
        const x = twoMoons(128, { generator: g });
        opt.zeroGrad();
        flow.logProb(x).mean().neg().backward();
        opt.step();
      });
    }
    const test = twoMoons(2000, { generator: new Generator(77) });
    const ll = noGrad(() => flow.logProb(test).mean().item());
    const samples = flow.sample(2000, { generator: new Generator(78) });
    // the samples come from the flow's density: the data's log-likelihood under itself is similar
    const sampleLL = noGrad(() => flow.logProb(samples).mean().item());
    console.log(`RealNVP two moons: test log-likelihood ${ll.toFixed(3)} nats, on its own samples ${sampleLL.toFixed(3)}`);
    expect(ll).toBeGreaterThan(-1.35);
    expect(ll).toBeGreaterThan(gaussianFitLogLikelihood(test.dataSync()) + 0.5);
    expect(Math.abs(sampleLL - ll)).toBeLessThan(0.3);
  });
});

/** Mean log-likelihood of the points under the maximum-likelihood 2-D Gaussian: −log 2π − ½ log det Σ − 1. */
function gaussianFitLogLikelihood(xy: ArrayLike<number>): number {
  const n = xy.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += xy[2 * i]! / n; my += xy[2 * i + 1]! / n; }
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xy[2 * i]! - mx, dy = xy[2 * i + 1]! - my;
    sxx += dx * dx / n; syy += dy * dy / n; sxy += dx * dy / n;
  }
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(sxx * syy - sxy * sxy) - 1;
}
