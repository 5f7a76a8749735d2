import { ValueError, type Generator } from '@dnn/tensor';
import { gibbsSweeps } from './gibbs';
import { hostUniforms } from './host-random';
import { energyOf, type MachineArrays } from './machine-arrays';

export type CoolingSchedule = 'geometric' | 'linear' | 'logarithmic';

/**
 * Temperatures for `sweeps` sweeps from t0:
 * - geometric: Tₖ = t0·(tEnd/t0)^(k/(sweeps−1));
 * - linear: Tₖ = t0 + (tEnd − t0)·k/(sweeps−1);
 * - logarithmic: Tₖ = t0·ln 2 / ln(k + 2) (the slow schedule with a convergence guarantee; it ignores tEnd).
 */
export function temperatureSchedule(kind: CoolingSchedule, sweeps: number, t0: number, tEnd: number): number[] {
  if (!(sweeps >= 1) || !(t0 > 0) || !(tEnd > 0)) throw new ValueError(`temperatureSchedule: need sweeps ≥ 1 and positive temperatures, got sweeps ${sweeps}, t0 ${t0}, tEnd ${tEnd}`);
  const last = Math.max(1, sweeps - 1);
  return Array.from({ length: sweeps }, (_, k) => {
    switch (kind) {
      case 'geometric': return t0 * (tEnd / t0) ** (k / last);
      case 'linear': return t0 + (tEnd - t0) * (k / last);
      case 'logarithmic': return (t0 * Math.LN2) / Math.log(k + 2);
    }
  });
}

export interface AnnealOptions {
  /** Cooling schedule (default 'geometric'). */
  schedule?: CoolingSchedule;
  /** Sweeps of the schedule (default 200). */
  sweeps?: number;
  /** Start and end temperatures (defaults 10 and 0.05). */
  t0?: number;
  tEnd?: number;
  /** Independent restarts run side by side (default 8). */
  chains?: number;
  /** Finish with zero-temperature sweeps until no unit changes (default true). */
  quench?: boolean;
  generator?: Generator;
}

export interface AnnealResult {
  /** The lowest-energy state found and its energy. */
  state: number[];
  energy: number;
  /** Every chain's final state (chains × n) and energy. */
  states: Float64Array;
  energies: Float64Array;
}

/** Simulated annealing: Gibbs sweeps while the temperature falls, from random states, then a greedy quench. */
export function simulatedAnnealing(m: MachineArrays, opts: AnnealOptions = {}): AnnealResult {
  const chains = opts.chains ?? 8;
  const temps = temperatureSchedule(opts.schedule ?? 'geometric', opts.sweeps ?? 200, opts.t0 ?? 10, opts.tEnd ?? 0.05);
  const states = hostUniforms(chains * m.n, opts.generator).map((u) => (u < 0.5 ? 1 : 0));
  gibbsSweeps(m, states, { temperatures: temps, generator: opts.generator });
  if (opts.quench ?? true) quench(m, states);
  const energies = new Float64Array(chains);
  let best = 0;
  for (let c = 0; c < chains; c++) {
    energies[c] = energyOf(m, states, c * m.n);
    if (energies[c]! < energies[best]!) best = c;
  }
  return { state: Array.from(states.subarray(best * m.n, (best + 1) * m.n)), energy: energies[best]!, states, energies };
}

/** Zero-temperature sweeps until a fixed point: every unit then agrees with the sign of its field. */
export function quench(m: MachineArrays, states: Float64Array, maxSweeps = 1000): void {
  for (let s = 0; s < maxSweeps; s++) {
    const before = Float64Array.from(states);
    gibbsSweeps(m, states, { temperatures: [0] });
    if (before.every((v, i) => v === states[i])) return;
  }
}
