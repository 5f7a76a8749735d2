import type { TypedArray } from '../../dtype';

/**
 * Copies a part placed with unit steps into `out` (dense, row-major `shape` with `strides`) as
 * contiguous runs with `set`: the part's last dim, widened over earlier dims while the later ones
 * are whole (a step's [1, N, H] slice of [T, N, H] is one run). `src` is the part's dense data.
 * False when some step is not 1 (the caller then scatters element by element).
 */
export function placeRuns(out: TypedArray, shape: readonly number[], strides: readonly number[], partShape: readonly number[], begin: readonly number[], step: readonly number[], src: TypedArray): boolean {
  const r = shape.length;
  if (r === 0 || step.some((s) => s !== 1)) return false;
  let d = r - 1;
  let run = partShape[d]!;
  while (d > 0 && partShape[d] === shape[d]) run *= partShape[--d]!;
  // dims [0, d) are walked one index at a time; each index tuple starts one run
  let at = 0;
  for (let k = 0; k < r; k++) at += begin[k]! * strides[k]!;
  const idx = new Array<number>(d).fill(0);
  for (let read = 0; read < src.length; read += run) {
    let o = at;
    for (let k = 0; k < d; k++) o += idx[k]! * strides[k]!;
    out.set(src.subarray(read, read + run), o);
    for (let k = d - 1; k >= 0; k--) {
      if (++idx[k]! < partShape[k]!) break;
      idx[k] = 0;
    }
  }
  return true;
}
