export interface Tolerance {
  rtol: number;
  atol: number;
}

/** |actual - expected| ≤ atol + rtol·|expected|, per element; each device's values are in devices.ts. */
export const EXACT: Tolerance = { rtol: 0, atol: 0 };

const multiIndex = (flat: number, shape: readonly number[]): number[] => {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
};

/** Equal as goldens are: the same NaN-ness, the same infinities, otherwise within tolerance. */
function excess(a: number, b: number, tol: Tolerance): number {
  if (Number.isNaN(b) || Number.isNaN(a)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (!Number.isFinite(b) || !Number.isFinite(a)) return a === b ? 0 : Infinity;
  return Math.abs(a - b) - (tol.atol + tol.rtol * Math.abs(b));
}

/** null when the values agree, else one line naming the worst element and how many differ. */
export function mismatch(
  actual: ArrayLike<number>, expected: ArrayLike<number>, shape: readonly number[], tol: Tolerance,
): string | null {
  if (actual.length !== expected.length) return `${actual.length} values, expected ${expected.length}`;
  let worst = -1, worstExcess = 0, bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = excess(Number(actual[i]), Number(expected[i]), tol);
    if (e > 0) {
      bad++;
      if (e > worstExcess || worst < 0) [worst, worstExcess] = [i, e];
    }
  }
  if (bad === 0) return null;
  const a = Number(actual[worst]), b = Number(expected[worst]);
  return `${bad} of ${expected.length} elements differ; worst at [${multiIndex(worst, shape).join(', ')}]: ` +
    `got ${a}, expected ${b} (|diff| ${Math.abs(a - b).toExponential(3)}, allowed ${(tol.atol + tol.rtol * Math.abs(b)).toExponential(3)})`;
}
