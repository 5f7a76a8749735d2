import { describe, it, expect } from 'vitest';
import { Generator, ShapeError, ValueError, gradients, optim, rand, tensor, type Tensor } from '@dnn/tensor';
import { RBM, binaryStates, cdGradient, exactLogZ, exactLogLikelihood, setGradients, statistics, queuedDraws } from './index';

const f64 = { dtype: 'float64' as const };

/** A small RBM with weights big enough that mistakes show. */
function smallRBM(nV: number, nH: number, seed: number, opts: { visible?: 'bernoulli' | 'gaussian'; learnSigma?: boolean } = {}): RBM {
  const g = new Generator(seed);
  const rbm = new RBM(nV, nH, { ...opts, initStd: 0.8, generator: g, ...f64 });
  rbm.hBias.assign(rand([nH], { generator: g, ...f64 }).sub(0.5));
  rbm.vBias.assign(rand([nV], { generator: g, ...f64 }).sub(0.5));
  rbm.logSigma?.assign(rand([nV], { generator: g, ...f64 }).sub(0.5).mul(0.6));
  return rbm;
}

/** E(v, h) by the definition, for every hidden state: [rows, 2^nH]. */
function energies(rbm: RBM, v: Tensor): number[][] {
  const H = binaryStates(rbm.nHidden, 0, 2 ** rbm.nHidden, rbm.weight).arraySync() as number[][];
  const W = rbm.weight.arraySync() as number[][], b = rbm.vBias.arraySync() as number[], c = rbm.hBias.arraySync() as number[];
  const sig = rbm.logSigma ? (rbm.logSigma.exp().arraySync() as number[]) : b.map(() => 1);
  return (v.arraySync() as number[][]).map((row) => H.map((h) => {
    let e = 0;
    row.forEach((x, i) => (e += rbm.visible === 'bernoulli' ? -b[i]! * x : (x - b[i]!) ** 2 / (2 * sig[i]! ** 2)));
    h.forEach((hj, j) => { e -= c[j]! * hj; row.forEach((x, i) => (e -= hj * W[j]![i]! * x / sig[i]!)); });
    return e;
  }));
}

describe('RBM', () => {
  it('has the state-dict keys and shapes of a Linear from visible to hidden', () => {
    const rbm = new RBM(6, 4);
    expect(Object.entries(rbm.stateDict()).map(([k, t]) => [k, t.shape])).toEqual([['weight', [4, 6]], ['hBias', [4]], ['vBias', [6]]]);
    expect(Object.keys(new RBM(3, 2, { visible: 'gaussian', learnSigma: true }).stateDict())).toContain('logSigma');
    expect(() => rbm.hiddenProbs(tensor([[1, 0, 1]]))).toThrow(ShapeError);
    expect(() => new RBM(3, 2, { learnSigma: true })).toThrow(ValueError);
  });

  for (const [kind, learnSigma] of [['bernoulli', false], ['gaussian', false], ['gaussian', true]] as const) {
    it(`${kind}${learnSigma ? ' (learned σ)' : ''}: free energy and p(h | v) equal sums over every hidden state`, () => {
      const rbm = smallRBM(5, 4, 1, { visible: kind, learnSigma });
      const v = kind === 'bernoulli' ? tensor([[1, 0, 1, 1, 0], [0, 0, 0, 1, 1]], f64) : tensor([[0.3, -1.2, 2, 0.1, 0.5], [1, 1, -0.4, 0, 0.7]], f64);
      const E = energies(rbm, v);
      const F = E.map((row) => -Math.log(row.reduce((s, e) => s + Math.exp(-e), 0)));
      (rbm.freeEnergy(v).arraySync() as number[]).forEach((f, r) => expect(f).toBeCloseTo(F[r]!, 12));
      const P = rbm.hiddenProbs(v).arraySync() as number[][];
      E.forEach((row, r) => {
        const z = row.reduce((s, e) => s + Math.exp(-e), 0);
        for (let j = 0; j < 4; j++) expect(P[r]![j]).toBeCloseTo(row.reduce((s, e, code) => s + ((code >>> j) & 1) * Math.exp(-e), 0) / z, 12);
      });
    });
  }

  it('bernoulli: p(v | h) is the conditional of the joint (sum over v of 2^5 states)', () => {
    const rbm = smallRBM(5, 3, 2);
    const V = binaryStates(5, 0, 32, rbm.weight);
    const h = [1, 0, 1];
    const joint = (energies(rbm, V) as number[][]).map((row) => Math.exp(-row[1 + 4]!)); // state h = 0b101 = 5
    const z = joint.reduce((a, b) => a + b, 0);
    const mean = rbm.visibleMean(tensor([h], f64)).arraySync() as number[][];
    for (let i = 0; i < 5; i++) expect(mean[0]![i]).toBeCloseTo(joint.reduce((s, p, code) => s + ((code >>> i) & 1) * p, 0) / z, 12);
  });

  it('bernoulli: exact log Z summed over hidden states equals the sum over visible states and over the joint', () => {
    const wide = smallRBM(6, 8, 3); // nV < nH: sums over v
    const tall = smallRBM(8, 6, 4); // nV > nH: sums over h
    for (const rbm of [wide, tall]) {
      const V = binaryStates(rbm.nVisible, 0, 2 ** rbm.nVisible, rbm.weight);
      const joint = energies(rbm, V).flat().reduce((s, e) => s + Math.exp(-e), 0);
      expect(exactLogZ(rbm)).toBeCloseTo(Math.log(joint), 10);
    }
  });

  it('gaussian: exact log Z equals a numerical integral over v (2 visible units)', () => {
    for (const learnSigma of [false, true]) {
      const rbm = smallRBM(2, 3, 5, { visible: 'gaussian', learnSigma });
      // midpoint rule on [−12, 12]², step 0.08: the integrand is a smooth Gaussian mixture
      const step = 0.08, pts: number[][] = [];
      for (let x = -12 + step / 2; x < 12; x += step) for (let y = -12 + step / 2; y < 12; y += step) pts.push([x, y]);
      const F = rbm.freeEnergy(tensor(pts, f64)).dataSync();
      let z = 0;
      for (const f of F) z += Math.exp(-f) * step * step;
      expect(exactLogZ(rbm)).toBeCloseTo(Math.log(z), 6);
    }
  });

  for (const [kind, learnSigma] of [['bernoulli', false], ['gaussian', false], ['gaussian', true]] as const) {
    it(`${kind}${learnSigma ? ' (learned σ)' : ''}: CD statistics are the gradient of ⟨−F(v₀)⟩ − ⟨−F(v_k)⟩ (autograd)`, () => {
      const rbm = smallRBM(5, 4, 6, { visible: kind, learnSigma });
      const g = new Generator(7);
      const v0 = kind === 'bernoulli' ? rand([6, 5], { generator: g, ...f64 }).round() : rand([6, 5], { generator: g, ...f64 }).mul(3);
      const vk = kind === 'bernoulli' ? rand([4, 5], { generator: g, ...f64 }).round() : rand([4, 5], { generator: g, ...f64 }).mul(3);
      const s = statistics(rbm, v0, rbm.hiddenProbs(v0), vk, rbm.hiddenProbs(vk));
      const params = rbm.parameters();
      const auto = gradients(rbm.freeEnergy(vk).mean().sub(rbm.freeEnergy(v0).mean()), params);
      const names = rbm.namedParameters().map(([n]) => n) as (keyof typeof s)[];
      names.forEach((name, i) => {
        const a = auto[i]!.dataSync(), b = s[name]!.dataSync();
        a.forEach((x, k) => expect(b[k]).toBeCloseTo(x as number, 12));
      });
    });
  }

  it('CD-1 consumes the injected draws in the documented order (h₀, v₁) and CD-2 adds (h₁, v₂)', () => {
    const rbm = smallRBM(3, 2, 8);
    const v0 = tensor([[1, 0, 1]], f64);
    const u = (x: number[]) => tensor([x], f64);
    // h₀: u < p always on (u = 0); v₁: u = 1 never on
    const cd1 = cdGradient(rbm, v0, { draws: queuedDraws([u([0, 0]), u([1, 1, 1])]) });
    expect(cd1.negative.arraySync()).toEqual([[0, 0, 0]]);
    const draws = queuedDraws([u([0, 0]), u([1, 1, 1]), u([1, 1]), u([0, 0, 0])]);
    const cd2 = cdGradient(rbm, v0, { k: 2, draws });
    expect(cd2.negative.arraySync()).toEqual([[1, 1, 1]]);
    expect(draws.remaining()).toBe(0);
    // persistent: no h₀ draw, one hidden draw after the last visible one
    const pcd = cdGradient(rbm, v0, { persistent: tensor([[1, 1]], f64), draws: queuedDraws([u([0, 0, 0]), u([1, 1])]) });
    expect(pcd.chain!.arraySync()).toEqual([[0, 0]]);
  });

  it('exact log-likelihood of a distribution it can represent exactly: all mass on one state as weights grow', () => {
    // v = [1, 0, 1] favoured by the visible biases alone: p(v) = Πᵢ σ(±bᵢ)
    const rbm = new RBM(3, 2, { initStd: 0, ...f64 });
    rbm.vBias.assign(tensor([2, -1, 3], f64));
    const expected = Math.log(1 / (1 + Math.exp(-2))) + Math.log(1 / (1 + Math.exp(-1))) + Math.log(1 / (1 + Math.exp(-3)));
    expect(exactLogLikelihood(rbm, tensor([[1, 0, 1]], f64))).toBeCloseTo(expected, 12);
  });
});

describe('setGradients', () => {
  it('an SGD step on the stored gradients is the CD ascent step: θ + lr·Δθ', () => {
    const rbm = smallRBM(4, 3, 9);
    const v0 = tensor([[1, 0, 1, 1], [0, 1, 1, 0]], f64);
    const res = cdGradient(rbm, v0, { draws: queuedDraws([tensor([[0.3, 0.6, 0.2], [0.9, 0.1, 0.5]], f64), tensor([[0.5, 0.5, 0.5, 0.5], [0.2, 0.7, 0.4, 0.9]], f64)]) });
    const before = rbm.parameters().map((p) => Array.from(p.dataSync() as Float64Array));
    setGradients(rbm, res.grads);
    new optim.SGD(rbm.parameters(), { lr: 0.1 }).step();
    const names = rbm.namedParameters().map(([n]) => n) as ('weight' | 'hBias' | 'vBias')[];
    rbm.parameters().forEach((p, i) => {
      const g = res.grads[names[i]!].dataSync();
      Array.from(p.dataSync() as Float64Array).forEach((x, k) => expect(x).toBeCloseTo(before[i]![k]! + 0.1 * (g[k] as number), 14));
    });
  });
});
