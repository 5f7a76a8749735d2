/**
 * Small dense symmetric linear algebra on the host in float64, for evaluation metrics (not training):
 * matrices are row-major arrays of rows.
 */
export type Matrix = number[][];

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(a: Matrix, opts: { tol?: number; maxSweeps?: number } = {}): { values: number[]; vectors: Matrix } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v: Matrix = m.map((_, i) => m.map((__, j) => (i === j ? 1 : 0)));
  const tol = opts.tol ?? 1e-14;
  for (let sweep = 0; sweep < (opts.maxSweeps ?? 100); sweep++) {
    let off = 0, scale = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (i === j ? (scale += m[i]![j]! ** 2) : (off += m[i]![j]! ** 2));
    if (off <= tol * tol * Math.max(scale, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (apq === 0) continue;
        // the rotation angle that zeroes m[p][q]: tan 2θ = 2 a_pq / (a_qq − a_pp)
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!, mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!, mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!, vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: m.map((r, i) => r[i]!), vectors: v };
}

/** The symmetric positive semi-definite square root V diag(√max(λ, 0)) Vᵀ. */
export function sqrtPsd(a: Matrix): Matrix {
  const { values, vectors } = symmetricEigen(a);
  const n = a.length;
  const r = values.map((l) => Math.sqrt(Math.max(l, 0)));
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let acc = 0;
    for (let k = 0; k < n; k++) acc += vectors[i]![k]! * r[k]! * vectors[j]![k]!;
    return acc;
  }));
}

export function matmulHost(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((acc, v, k) => acc + v * b[k]![j]!, 0)));
}

export const trace = (a: Matrix): number => a.reduce((acc, r, i) => acc + r[i]!, 0);
