/**
 * The rows of `rows` ([N, D]) projected onto their first two principal components: centre the
 * columns, then power iteration on the D×D covariance for the top eigenvector, deflate, repeat.
 * Small host-side arithmetic for plots (N and D in the tens).
 */
export function pca2(rows: readonly (readonly number[])[]): number[][] {
  const n = rows.length, d = rows[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / Math.max(n, 1));
  const centred = rows.map((r) => r.map((v, j) => v - mean[j]!));
  const cov = Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => centred.reduce((s, r) => s + r[a]! * r[b]!, 0)));
  const components: number[][] = [];
  for (let c = 0; c < 2; c++) {
    // a fixed, non-symmetric start so the iteration is deterministic and rarely orthogonal to the answer
    let v = Array.from({ length: d }, (_, j) => 1 + j / d);
    for (let it = 0; it < 200; it++) {
      const w = cov.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      v = w.map((x) => x / norm);
    }
    components.push(v);
    const lambda = v.reduce((s, x, a) => s + x * cov[a]!.reduce((t, y, b) => t + y * v[b]!, 0), 0);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a]![b]! -= lambda * v[a]! * v[b]!;
  }
  return centred.map((r) => components.map((v) => r.reduce((s, x, j) => s + x * v[j]!, 0)));
}
