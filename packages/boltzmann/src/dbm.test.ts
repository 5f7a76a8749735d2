import { describe, it, expect } from 'vitest';
import { Generator, rand, tensor, type Tensor } from '@dnn/tensor';
import { DBM, generatorDraws, trainDBM } from './index';

const f64 = { dtype: 'float64' as const };

function smallDBM(sizes: number[], seed: number, std = 0.8): DBM {
  const g = new Generator(seed);
  const dbm = new DBM(sizes, { initStd: std, generator: g, ...f64 });
  for (const rbm of dbm.layers) rbm.hBias.assign(rand([rbm.nHidden], { generator: g, ...f64 }).sub(0.5));
  dbm.layers[0]!.vBias.assign(rand([sizes[0]!], { generator: g, ...f64 }).sub(0.5));
  return dbm;
}

/** −E(v, h₁, h₂) for every joint state, by the definition: [2^(n₀+n₁+n₂)] with v in the low bits. */
function jointLogWeights(dbm: DBM): { logw: Float64Array; sizes: number[] } {
  const sizes = dbm.sizes as number[];
  const W = dbm.layers.map((r) => r.weight.arraySync() as number[][]);
  const b = [dbm.layers[0]!.vBias, ...dbm.layers.map((r) => r.hBias)].map((t) => t.arraySync() as number[]);
  const total = sizes.reduce((a, c) => a + c, 0);
  const logw = new Float64Array(2 ** total);
  for (let code = 0; code < logw.length; code++) {
    let off = 0;
    const s = sizes.map((n) => { const x = Array.from({ length: n }, (_, i) => (code >>> (off + i)) & 1); off += n; return x; });
    let v = 0;
    s.forEach((x, l) => x.forEach((xi, i) => (v += b[l]![i]! * xi)));
    W.forEach((w, l) => w.forEach((row, j) => row.forEach((wji, i) => (v += s[l + 1]![j]! * wji * s[l]![i]!))));
    logw[code] = v;
  }
  return { logw, sizes };
}

const lse = (xs: ArrayLike<number>): number => { let m = -Infinity; for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i]!); let s = 0; for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i]! - m); return m + Math.log(s); };

describe('DBM', () => {
  it('log Z through the collapsed RBM (v and h₂ summed out) equals the sum over every joint state', () => {
    const dbm = smallDBM([4, 3, 3], 1);
    expect(dbm.exactLogZ()).toBeCloseTo(lse(jointLogWeights(dbm).logw), 10);
  });

  it('AIS on the collapsed RBM estimates log Z within 0.05 nats (100 runs × 300 temperatures)', () => {
    const dbm = smallDBM([8, 10, 6], 2, 0.5);
    const est = dbm.aisLogZ({ chains: 100, betas: 300, generator: new Generator(3) }).logZ;
    expect(Math.abs(est - dbm.exactLogZ())).toBeLessThan(0.05);
  });

  it('mean field reaches its fixed point and gives a lower bound close to the exact log p(v)', () => {
    const dbm = smallDBM([4, 3, 3], 4, 0.5);
    const v = tensor([[1, 0, 1, 1], [0, 1, 0, 0]], f64);
    const [mu1, mu2] = dbm.meanField(v, 50) as [Tensor, Tensor];
    const [w0, w1] = dbm.layers as [DBM['layers'][0], DBM['layers'][0]];
    const fix1 = v.matmul(w0.weight.mT()).add(mu2.matmul(w1.weight)).add(w0.hBias).sigmoid();
    expect(fix1.sub(mu1).abs().max().item()).toBeLessThan(1e-10);
    const { logw } = jointLogWeights(dbm);
    const logZ = lse(logw);
    const exact = [[1, 0, 1, 1], [0, 1, 0, 0]].map((row) => {
      const code = row.reduce((s, x, i) => s + x * 2 ** i, 0);
      const terms = Array.from({ length: 2 ** 6 }, (_, h) => logw[code + h * 16]!);
      return lse(terms) - logZ;
    });
    const mean = (exact[0]! + exact[1]!) / 2;
    const bound = dbm.logLikelihoodBound(v, logZ, 50);
    expect(bound).toBeLessThanOrEqual(mean + 1e-12);
    expect(mean - bound).toBeLessThan(0.1);
  });

  it('block Gibbs sweeps sample the joint distribution: visible marginals match enumeration', () => {
    const dbm = smallDBM([3, 3, 2], 5);
    const { logw } = jointLogWeights(dbm);
    const logZ = lse(logw);
    const exact = [0, 1, 2].map((i) => logw.reduce((s, x, code) => s + ((code >>> i) & 1) * Math.exp(x - logZ), 0));
    let states = dbm.initialChains(400);
    const draws = generatorDraws(new Generator(6));
    const sum = [0, 0, 0];
    const sweeps = 300, burn = 50;
    for (let t = 0; t < sweeps; t++) {
      states = dbm.gibbsSweep(states, draws);
      if (t >= burn) (states[0]!.sum(0).arraySync() as number[]).forEach((x, i) => (sum[i]! += x));
    }
    exact.forEach((p, i) => expect(Math.abs(sum[i]! / (400 * (sweeps - burn)) - p)).toBeLessThan(0.02));
  });

  // exact log-likelihoods measured: −4.16 at the start, −2.86 after pretraining, −2.28 after joint training
  // from the start. Joint training from the pretrained machine is noisy here (−2.70 at lr 0.003, −3.46 at
  // lr 0.001 after 80 epochs), so it is not asserted.
  describe('learning four 6-bit patterns (exact log-likelihood by enumeration)', () => {
    const patterns = [[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1], [1, 0, 1, 0, 1, 0], [0, 1, 0, 1, 0, 1]];
    const data = tensor(Array.from({ length: 40 }, (_, i) => patterns[i % 4]!), f64);
    const ll = (dbm: DBM): number => {
      const { logw } = jointLogWeights(dbm);
      const logZ = lse(logw);
      return patterns.reduce((s, row) => {
        const code = row.reduce((a, x, i) => a + x * 2 ** i, 0);
        return s + lse(Array.from({ length: 2 ** 10 }, (_, h) => logw[code + h * 64]!)) - logZ;
      }, 0) / 4;
    };
    const fresh = (): DBM => new DBM([6, 6, 4], { initStd: 0.01, generator: new Generator(7), ...f64 });
    const start = ll(fresh());

    it('greedy pretraining with doubled inputs raises it by more than 1 nat', () => {
      const dbm = fresh();
      dbm.pretrain(data, { epochs: 60, batchSize: 4, lr: 0.1, momentum: 0.5, generator: new Generator(8) });
      expect(ll(dbm)).toBeGreaterThan(start + 1);
    }, 20_000);

    it('joint training (mean field + persistent chains) raises it by more than 1 nat', () => {
      const dbm = fresh();
      trainDBM(dbm, data, { epochs: 80, batchSize: 4, lr: 0.05, chains: 100, gibbsSteps: 5, generator: new Generator(9) });
      expect(ll(dbm)).toBeGreaterThan(start + 1);
    }, 30_000);
  });
});
