import { ValueError, type Generator } from '@dnn/tensor';
import { hostUniforms } from './host-random';
import { fieldOf, type MachineArrays } from './machine-arrays';

export interface GibbsOptions {
  /** One temperature per sweep; a temperature ≤ 0 is a zero-temperature (greedy) sweep. */
  temperatures: readonly number[];
  /** Units updated, in this order, each sweep (default: all). Others keep their states (clamped). */
  units?: readonly number[];
  generator?: Generator;
  /** Called after each sweep with the sweep index (to collect statistics). */
  onSweep?: (sweep: number, states: Float64Array) => void;
}

/**
 * Sequential Gibbs sweeps over `chains` = states.length / n independent chains, in place. Unit i
 * turns on with probability σ(fieldᵢ / T), fieldᵢ = Σⱼ wᵢⱼ sⱼ + θᵢ (the Boltzmann probability of
 * its two states given the others). At T ≤ 0 it turns on iff fieldᵢ > 0.
 * Draws: one uniform per (sweep, chain, unit) in that order, taken at once from the generator.
 */
export function gibbsSweeps(m: MachineArrays, states: Float64Array, opts: GibbsOptions): Float64Array {
  const n = m.n;
  if (states.length % n !== 0) throw new ValueError(`gibbsSweeps: ${states.length} state values are not a whole number of ${n}-unit chains`);
  const chains = states.length / n;
  const units = opts.units ?? [...Array(n).keys()];
  const per = chains * units.length;
  const random = opts.temperatures.some((t) => t > 0);
  const u = random ? hostUniforms(per * opts.temperatures.length, opts.generator) : new Float64Array(0);
  let k = 0;
  opts.temperatures.forEach((t, sweep) => {
    for (let c = 0; c < chains; c++) {
      const at = c * n;
      for (const i of units) {
        const f = fieldOf(m, states, at, i);
        const r = random ? u[k++]! : 0;
        states[at + i] = t > 0 ? (r < 1 / (1 + Math.exp(-f / t)) ? 1 : 0) : (f > 0 ? 1 : 0);
      }
    }
    opts.onSweep?.(sweep, states);
  });
  return states;
}
