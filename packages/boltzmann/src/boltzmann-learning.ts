import { ValueError, type Generator } from '@dnn/tensor';
import type { BoltzmannMachine } from './boltzmann-machine';
import { exactBoltzmann } from './enumerate';
import { gibbsSweeps } from './gibbs';
import { hostUniforms } from './host-random';
import { conditionMachine, type MachineArrays } from './machine-arrays';

export interface PhaseOptions {
  /** 'gibbs': annealed Gibbs sampling (default); 'exact': enumeration of the free units (small machines). */
  estimator?: 'gibbs' | 'exact';
  /** Temperatures of the annealing before statistics are collected (default 10 sweeps from T=8 down to T=1, geometric). */
  annealing?: readonly number[];
  /** Sweeps at T = 1 whose states are averaged (default 20). */
  sampleSweeps?: number;
  /** Chains per pattern (default 4). */
  chains?: number;
  generator?: Generator;
}

const DEFAULT_ANNEALING = Array.from({ length: 10 }, (_, k) => 8 * (1 / 8) ** (k / 9));

/**
 * ⟨sᵢsⱼ⟩ at T = 1 (an n×n matrix whose diagonal holds ⟨sᵢ⟩), averaged over the patterns: with the
 * units `clamped` held at each pattern (the clamped phase), or with nothing clamped when `patterns`
 * is null (the free phase).
 */
export function phaseCorrelations(m: MachineArrays, clamped: readonly number[], patterns: readonly (readonly number[])[] | null, opts: PhaseOptions = {}): Float64Array {
  const n = m.n;
  const sets = patterns ?? [[]];
  const units = patterns ? clamped : [];
  const corr = new Float64Array(n * n);
  for (const p of sets) {
    if (p.length !== units.length) throw new ValueError(`phaseCorrelations: a pattern has ${p.length} values for ${units.length} clamped units`);
    const c = opts.estimator === 'exact' ? exactPhase(m, units, p) : sampledPhase(m, units, p, opts);
    for (let k = 0; k < n * n; k++) corr[k] += c[k]! / sets.length;
  }
  return corr;
}

function sampledPhase(m: MachineArrays, clamped: readonly number[], pattern: readonly number[], opts: PhaseOptions): Float64Array {
  const n = m.n;
  const chains = opts.chains ?? 4;
  const sampleSweeps = opts.sampleSweeps ?? 20;
  const states = hostUniforms(chains * n, opts.generator).map((u) => (u < 0.5 ? 1 : 0));
  const isClamped = new Set(clamped);
  for (let c = 0; c < chains; c++) clamped.forEach((u, k) => (states[c * n + u] = pattern[k]!));
  const free = [...Array(n).keys()].filter((i) => !isClamped.has(i));
  const corr = new Float64Array(n * n);
  const temperatures = [...(opts.annealing ?? DEFAULT_ANNEALING), ...Array<number>(sampleSweeps).fill(1)];
  const collectFrom = temperatures.length - sampleSweeps;
  gibbsSweeps(m, states, {
    temperatures, units: free, generator: opts.generator,
    onSweep: (sweep, s) => {
      if (sweep < collectFrom) return;
      for (let c = 0; c < chains; c++) {
        const at = c * n;
        for (let i = 0; i < n; i++) {
          if (s[at + i] === 0) continue;
          for (let j = 0; j < n; j++) corr[i * n + j] += s[at + j]!;
        }
      }
    },
  });
  for (let k = 0; k < n * n; k++) corr[k] /= chains * sampleSweeps;
  return corr;
}

function exactPhase(m: MachineArrays, clamped: readonly number[], pattern: readonly number[]): Float64Array {
  const n = m.n;
  const { machine, free } = conditionMachine(m, clamped, pattern);
  const full = new Float64Array(n * n);
  const value = new Float64Array(n);
  clamped.forEach((u, k) => (value[u] = pattern[k]!));
  if (free.length === 0) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) full[i * n + j] = value[i]! * value[j]!;
    return full;
  }
  const ex = exactBoltzmann(machine, { correlations: true });
  const f = free.length;
  const e = (i: number): number => { const a = free.indexOf(i); return a >= 0 ? ex.marginals[a]! : value[i]!; };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = free.indexOf(i), b = free.indexOf(j);
      full[i * n + j] = a >= 0 && b >= 0 ? ex.correlations![a * f + b]! : a >= 0 ? e(i) * value[j]! : b >= 0 ? value[i]! * e(j) : value[i]! * value[j]!;
    }
  }
  return full;
}

export interface BoltzmannLearningOptions extends PhaseOptions {
  /** Learning rate ε (default 0.5). */
  lr?: number;
  /** L2 weight decay, subtracted as ε·decay·W (default 0). */
  weightDecay?: number;
}

/**
 * One step of the Boltzmann learning rule, ascending the log-likelihood of the visible patterns:
 * Δwᵢⱼ = ε(⟨sᵢsⱼ⟩clamped − ⟨sᵢsⱼ⟩free), Δθᵢ = ε(⟨sᵢ⟩clamped − ⟨sᵢ⟩free), with the visible units
 * (0…nVisible−1) clamped to each pattern in the clamped phase. Returns the two phases' correlations.
 */
export function boltzmannLearningStep(machine: BoltzmannMachine, patterns: readonly (readonly number[])[], opts: BoltzmannLearningOptions = {}): {
  clamped: Float64Array; free: Float64Array;
} {
  const m = machine.arrays();
  const n = m.n;
  const visible = [...Array(machine.nVisible).keys()];
  const clamped = phaseCorrelations(m, visible, patterns, opts);
  const free = phaseCorrelations(m, [], null, opts);
  const lr = opts.lr ?? 0.5;
  const decay = opts.weightDecay ?? 0;
  const w = new Float64Array(n * n);
  const theta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    theta[i] = m.theta[i]! + lr * (clamped[i * n + i]! - free[i * n + i]!);
    for (let j = 0; j < n; j++) {
      if (i !== j) w[i * n + j] = m.w[i * n + j]! * (1 - lr * decay) + lr * (clamped[i * n + j]! - free[i * n + j]!);
    }
  }
  machine.setArrays(w, theta);
  return { clamped, free };
}
