import { describe, it, expect } from 'vitest';
import { Generator, ShapeError, tensor } from '@dnn/tensor';
import {
  BoltzmannMachine, allEnergies, energyOf, exactBoltzmann, gibbsSweeps, simulatedAnnealing, temperatureSchedule,
  maxCutMachine, cutValue, conditionMachine, type MachineArrays, type Edge,
} from './index';

/** A random machine with N(0, 1) weights and biases, symmetric, zero diagonal. */
function randomMachine(n: number, seed: number): MachineArrays {
  const bm = new BoltzmannMachine(n, { initStd: 1, generator: new Generator(seed), dtype: 'float64' });
  const a = bm.arrays();
  const g = new Generator(seed + 1000);
  for (let i = 0; i < n; i++) a.theta[i] = (g.nextFloat() - 0.5) * 2;
  return a;
}

/** Energies by the definition, state by state (no Gray code). */
function bruteForce(m: MachineArrays): Float64Array {
  const out = new Float64Array(2 ** m.n);
  const s = new Float64Array(m.n);
  for (let code = 0; code < out.length; code++) {
    for (let i = 0; i < m.n; i++) s[i] = (code >>> i) & 1;
    out[code] = energyOf(m, s);
  }
  return out;
}

describe('BoltzmannMachine', () => {
  it('energy −½sᵀWs − θᵀs as a tensor op equals the definition summed by hand', () => {
    const bm = new BoltzmannMachine(3, { nHidden: 1, dtype: 'float64' });
    const w = [0, 1, -2, 0.5, 1, 0, 3, 0, -2, 3, 0, 1, 0.5, 0, 1, 0];
    bm.setArrays(w, [0.1, -0.2, 0.3, 0.4]);
    const s = tensor([[1, 1, 0, 1], [1, 0, 1, 1], [0, 0, 0, 0]], { dtype: 'float64' });
    // by hand: −Σ_{i<j} wᵢⱼsᵢsⱼ − Σ θᵢsᵢ
    const expected = [-(1 + 0.5 + 0) - (0.1 - 0.2 + 0.4), -(-2 + 0.5 + 1) - (0.1 + 0.3 + 0.4), 0];
    expect(Array.from(bm.energy(s).dataSync())).toEqual(expected.map((e) => expect.closeTo(e, 12)));
    expect(() => bm.energy(tensor([[1, 0, 1]]))).toThrow(ShapeError);
  });

  it('keeps weights symmetric with a zero diagonal, and masked where the connectivity forbids', () => {
    const conn = [[0, 1, 0], [1, 0, 1], [0, 1, 0]];
    const bm = new BoltzmannMachine(3, { connectivity: conn, initStd: 1, generator: new Generator(3), dtype: 'float64' });
    const w = bm.weight.arraySync() as number[][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      expect(w[i]![j]).toBe(w[j]![i]);
      if (!conn[i]![j]) expect(Math.abs(w[i]![j]!)).toBe(0);
    }
    expect(Object.keys(bm.stateDict())).toEqual(['weight', 'bias']);
  });

  it('Gray-code enumeration gives the energies of the definition (10 units)', () => {
    const m = randomMachine(10, 1);
    const fast = allEnergies(m), slow = bruteForce(m);
    let worst = 0;
    fast.forEach((e, i) => (worst = Math.max(worst, Math.abs(e - slow[i]!))));
    expect(worst).toBeLessThan(1e-12);
  });

  it('exact log Z, marginals and correlations equal direct sums (8 units, T = 1.5)', () => {
    const m = randomMachine(8, 2);
    const T = 1.5;
    const e = bruteForce(m);
    const z = e.reduce((s, x) => s + Math.exp(-x / T), 0);
    const marg = Array.from({ length: 8 }, (_, i) => e.reduce((s, x, c) => s + ((c >>> i) & 1) * Math.exp(-x / T), 0) / z);
    const c01 = e.reduce((s, x, c) => s + (c & 1) * ((c >>> 3) & 1) * Math.exp(-x / T), 0) / z;
    const ex = exactBoltzmann(m, { temperature: T, correlations: true });
    expect(ex.logZ).toBeCloseTo(Math.log(z), 12);
    marg.forEach((p, i) => expect(ex.marginals[i]).toBeCloseTo(p, 12));
    expect(ex.correlations![0 * 8 + 3]).toBeCloseTo(c01, 12);
    expect(ex.minEnergy).toBeCloseTo(Math.min(...e), 12);
  });

  it('Gibbs sampling at T = 2 reaches the exact marginals (5 units, 2000 sweeps × 50 chains)', () => {
    const m = randomMachine(5, 4);
    const exact = exactBoltzmann(m, { temperature: 2 }).marginals;
    const chains = 50, burn = 50, sweeps = 2000;
    const states = new Float64Array(chains * 5);
    const sum = new Float64Array(5);
    gibbsSweeps(m, states, {
      temperatures: Array(sweeps).fill(2), generator: new Generator(5),
      onSweep: (k, s) => { if (k >= burn) for (let c = 0; c < chains; c++) for (let i = 0; i < 5; i++) sum[i] += s[c * 5 + i]!; },
    });
    // 97,500 correlated samples per unit: the standard error is below 0.005
    for (let i = 0; i < 5; i++) expect(Math.abs(sum[i]! / (chains * (sweeps - burn)) - exact[i]!)).toBeLessThan(0.015);
  });

  it('cooling schedules: geometric, linear and logarithmic temperatures', () => {
    expect(temperatureSchedule('geometric', 3, 8, 2)).toEqual([8, 4, 2]);
    expect(temperatureSchedule('linear', 3, 8, 2)).toEqual([8, 5, 2]);
    const log = temperatureSchedule('logarithmic', 3, 10, 0.1);
    expect(log[0]).toBeCloseTo(10, 12);
    expect(log[2]).toBeCloseTo((10 * Math.LN2) / Math.log(4), 12);
  });

  // 2²⁰ states take about 0.1 s to enumerate; annealing runs 8 chains × 300 sweeps
  for (const [n, seed] of [[8, 10], [12, 11], [16, 12], [20, 13], [20, 14]] as const) {
    it(`simulated annealing finds the brute-force minimum of a random ${n}-unit machine (seed ${seed})`, () => {
      const m = randomMachine(n, seed);
      const exact = exactBoltzmann(m);
      for (const schedule of ['geometric', 'linear', 'logarithmic'] as const) {
        const found = simulatedAnnealing(m, { schedule, sweeps: 300, t0: 5, tEnd: 0.05, chains: 8, generator: new Generator(seed) });
        expect(found.energy, schedule).toBeCloseTo(exact.minEnergy, 9);
        expect(energyOf(m, found.state)).toBeCloseTo(found.energy, 12);
      }
    });
  }

  it('conditioning on clamped units gives the same energies up to the offset', () => {
    const m = randomMachine(6, 20);
    const { machine, free, offset } = conditionMachine(m, [1, 4], [1, 0]);
    expect(free).toEqual([0, 2, 3, 5]);
    const s = [1, 1, 0, 1, 0, 1];
    expect(energyOf(machine, [1, 0, 1, 1]) + offset).toBeCloseTo(energyOf(m, s), 12);
  });
});

describe('max-cut as an energy minimum', () => {
  const bruteCut = (n: number, edges: readonly Edge[]): number => {
    let best = 0;
    for (let c = 0; c < 2 ** n; c++) best = Math.max(best, cutValue(edges, Array.from({ length: n }, (_, i) => (c >>> i) & 1)));
    return best;
  };

  it('E(s) = −cut(s) for every partition of a small weighted graph', () => {
    const edges: Edge[] = [[0, 1, 2], [1, 2, 1], [2, 3, 3], [3, 0, 1], [0, 2, 0.5]];
    const m = maxCutMachine(4, edges);
    allEnergies(m).forEach((e, c) => expect(e).toBeCloseTo(-cutValue(edges, [0, 1, 2, 3].map((i) => (c >>> i) & 1)), 12));
  });

  it('the Petersen graph: annealing finds the maximum cut, 12', () => {
    const outer = [0, 1, 2, 3, 4].map((i) => [i, (i + 1) % 5, 1] as Edge);
    const spokes = [0, 1, 2, 3, 4].map((i) => [i, i + 5, 1] as Edge);
    const inner = [0, 1, 2, 3, 4].map((i) => [5 + i, 5 + ((i + 2) % 5), 1] as Edge);
    const edges = [...outer, ...spokes, ...inner];
    expect(bruteCut(10, edges)).toBe(12);
    const found = simulatedAnnealing(maxCutMachine(10, edges), { generator: new Generator(1) });
    expect(cutValue(edges, found.state)).toBe(12);
    expect(-found.energy).toBe(12);
  });

  for (const seed of [1, 2, 3]) {
    it(`random weighted graph on 14 nodes (seed ${seed}): annealed cut equals the brute-force maximum`, () => {
      const g = new Generator(seed);
      const edges: Edge[] = [];
      for (let i = 0; i < 14; i++) for (let j = i + 1; j < 14; j++) if (g.nextFloat() < 0.4) edges.push([i, j, Math.round(1 + 9 * g.nextFloat())]);
      const found = simulatedAnnealing(maxCutMachine(14, edges), { generator: g });
      expect(cutValue(edges, found.state)).toBe(bruteCut(14, edges));
    });
  }
});
