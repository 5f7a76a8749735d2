import { ValueError } from '@dnn/tensor';
import type { MachineArrays } from './machine-arrays';

export interface ExactOptions {
  /** Temperature of the Boltzmann distribution p(s) ∝ exp(−E(s)/T) (default 1). */
  temperature?: number;
  /** Also return E[sᵢsⱼ] (n×n, the diagonal holds E[sᵢ]); costs n² per state (default false). */
  correlations?: boolean;
}

export interface ExactBoltzmann {
  /** log Z = log Σₛ exp(−E(s)/T). */
  logZ: number;
  /** p(sᵢ = 1) for every unit. */
  marginals: Float64Array;
  correlations?: Float64Array;
  /** The minimum energy and every state that reaches it (within 1e-9). */
  minEnergy: number;
  minStates: number[][];
}

/** Largest machine enumerated: 2²⁴ states (an energy array of 128 MiB). */
const MAX_UNITS = 24;

/**
 * The energies of all 2ⁿ states, indexed by the state's bits (unit i is bit i). Walks the states in
 * Gray-code order, so each step flips one unit and updates the energy and the n local fields in O(n).
 */
export function allEnergies(m: MachineArrays): Float64Array {
  const n = m.n;
  if (n > MAX_UNITS) throw new ValueError(`allEnergies: ${n} units is more than the ${MAX_UNITS} that enumeration allows`);
  const size = 2 ** n;
  const energies = new Float64Array(size);
  const field = Float64Array.from(m.theta);
  const s = new Uint8Array(n);
  let e = 0;
  let code = 0;
  energies[0] = 0;
  for (let g = 1; g < size; g++) {
    const i = 31 - Math.clz32(g & -g); // the unit that flips: the lowest set bit of g
    const row = i * n;
    if (s[i] === 0) {
      e -= field[i]!;
      s[i] = 1;
      for (let j = 0; j < n; j++) field[j] += m.w[row + j]!;
    } else {
      e += field[i]!;
      s[i] = 0;
      for (let j = 0; j < n; j++) field[j] -= m.w[row + j]!;
    }
    code ^= 1 << i;
    energies[code] = e;
  }
  return energies;
}

/** log Z, marginals, optional correlations and the ground states, by summing over all 2ⁿ states. */
export function exactBoltzmann(m: MachineArrays, opts: ExactOptions = {}): ExactBoltzmann {
  const t = opts.temperature ?? 1;
  if (!(t > 0)) throw new ValueError(`exactBoltzmann: temperature must be positive, got ${t}`);
  const n = m.n;
  const energies = allEnergies(m);
  let minEnergy = Infinity;
  for (const e of energies) if (e < minEnergy) minEnergy = e;
  const marginals = new Float64Array(n);
  const corr = opts.correlations ? new Float64Array(n * n) : undefined;
  const minStates: number[][] = [];
  let total = 0;
  for (let code = 0; code < energies.length; code++) {
    const e = energies[code]!;
    const p = Math.exp(-(e - minEnergy) / t);
    total += p;
    if (e - minEnergy <= 1e-9) minStates.push(Array.from({ length: n }, (_, i) => (code >>> i) & 1));
    for (let rest = code; rest !== 0; rest &= rest - 1) {
      const i = 31 - Math.clz32(rest & -rest);
      marginals[i] += p;
      if (corr) for (let r2 = code; r2 !== 0; r2 &= r2 - 1) corr[i * n + 31 - Math.clz32(r2 & -r2)] += p;
    }
  }
  for (let i = 0; i < n; i++) marginals[i] /= total;
  if (corr) for (let k = 0; k < n * n; k++) corr[k] /= total;
  return { logZ: Math.log(total) - minEnergy / t, marginals, correlations: corr, minEnergy, minStates };
}
