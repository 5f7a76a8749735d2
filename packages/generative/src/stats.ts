/** Small statistics for reporting repeated experiments: confidence intervals and a paired t-test. */

/** ln Γ(x) by the Lanczos approximation (g = 7, 9 terms), x > 0. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized incomplete beta function I_x(a, b) by its continued fraction (modified Lentz). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - (lnGamma(a) + lnGamma(b) - lnGamma(a + b))) / a;
  const tiny = 1e-300;
  let f = 1, c = 1, d = 0;
  for (let i = 0; i <= 300; i++) {
    const m = Math.floor(i / 2);
    const num = i === 0 ? 1 : i % 2 === 0
      ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
      : -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + num * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    f *= c * d;
    if (Math.abs(1 - c * d) < 1e-15) break;
  }
  return front * (f - 1);
}

/** P(|T| ≥ |t|) for Student's t with `df` degrees of freedom (two-sided p-value). */
export function studentTwoSidedP(t: number, df: number): number {
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The quantile t* with P(|T| ≤ t*) = level, by bisection on the two-sided tail. */
export function studentQuantile(level: number, df: number): number {
  let lo = 0, hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedP(mid, df) > 1 - level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1). */
  std: number;
  /** Half-width of the t-based confidence interval of the mean at `level`. */
  halfWidth: number;
  level: number;
}

/** Mean with a Student-t confidence interval (default 95 %): mean ± t*·s/√n. */
export function summarize(values: readonly number[], level = 0.95): Summary {
  const n = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const halfWidth = n > 1 ? (studentQuantile(level, n - 1) * std) / Math.sqrt(n) : Number.NaN;
  return { n, mean, std, halfWidth, level };
}

/** Paired t-test of b − a (e.g. augmented minus baseline accuracy over the same seeds). */
export function pairedTTest(a: readonly number[], b: readonly number[]): { meanDiff: number; t: number; df: number; p: number } {
  const d = a.map((v, i) => b[i]! - v);
  const s = summarize(d);
  if (s.n < 2) return { meanDiff: s.mean, t: Number.NaN, df: 0, p: Number.NaN };
  const t = s.std === 0 ? (s.mean === 0 ? 0 : Math.sign(s.mean) * Infinity) : s.mean / (s.std / Math.sqrt(s.n));
  return { meanDiff: s.mean, t, df: s.n - 1, p: Number.isFinite(t) ? studentTwoSidedP(t, s.n - 1) : 0 };
}
