import { ValueError } from '@dnn/tensor';

/**
 * A fully connected binary machine as plain arrays: n units, a symmetric weight matrix w (row-major
 * n×n, zero diagonal) and biases theta. Energy E(s) = −½ sᵀWs − θᵀs.
 */
export interface MachineArrays {
  n: number;
  w: Float64Array;
  theta: Float64Array;
}

/** E(s) = −½ sᵀWs − θᵀs for one state (a host array of 0/1 values). */
export function energyOf(m: MachineArrays, s: ArrayLike<number>, at = 0): number {
  let e = 0;
  for (let i = 0; i < m.n; i++) {
    const si = s[at + i]!;
    if (si === 0) continue;
    e -= m.theta[i]! * si;
    const row = i * m.n;
    for (let j = i + 1; j < m.n; j++) e -= m.w[row + j]! * si * s[at + j]!;
  }
  return e;
}

/** Local field of unit i: Σⱼ wᵢⱼ sⱼ + θᵢ. */
export function fieldOf(m: MachineArrays, s: ArrayLike<number>, at: number, i: number): number {
  let f = m.theta[i]!;
  const row = i * m.n;
  for (let j = 0; j < m.n; j++) f += m.w[row + j]! * s[at + j]!;
  return f;
}

/**
 * The machine over the units not clamped, when units `clamped` hold `values`: the clamped units
 * add wᵢc·v_c to each free unit's bias, and E(s) = E_free(s_free) + offset.
 */
export function conditionMachine(m: MachineArrays, clamped: readonly number[], values: readonly number[]): {
  machine: MachineArrays; free: number[]; offset: number;
} {
  if (clamped.length !== values.length) throw new ValueError(`conditionMachine: ${clamped.length} clamped units but ${values.length} values`);
  const isClamped = new Map(clamped.map((c, k) => [c, values[k]!]));
  const free = [...Array(m.n).keys()].filter((i) => !isClamped.has(i));
  const f = free.length;
  const w = new Float64Array(f * f);
  const theta = new Float64Array(f);
  for (let a = 0; a < f; a++) {
    const i = free[a]!;
    let t = m.theta[i]!;
    for (const [c, v] of isClamped) t += m.w[i * m.n + c]! * v;
    theta[a] = t;
    for (let b = 0; b < f; b++) w[a * f + b] = m.w[i * m.n + free[b]!]!;
  }
  const full = new Float64Array(m.n);
  for (const [c, v] of isClamped) full[c] = v;
  return { machine: { n: f, w, theta }, free, offset: energyOf(m, full) };
}
