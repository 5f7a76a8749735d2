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

/**
 * Copies a part placed with unit steps whose source rows (last dim) are contiguous but not the rows of
 * a dense array (a narrowed view: an LSTM step's h' of its [h', c'] block) straight from its buffer
 * into `out`, one `set` per row, or one `fill` per row of a broadcast value (stride 0: a sum's
 * gradient); gathering the part into a dense array first would copy it twice. False when that does
 * not apply (steps other than 1, rows of other strides or short rows).
 */
export function placeStridedRows(out: TypedArray, shape: readonly number[], strides: readonly number[], src: { buffer: TypedArray; shape: readonly number[]; strides: readonly number[]; offset: number }, begin: readonly number[], step: readonly number[]): boolean {
  const r = shape.length;
  const inner = src.shape[r - 1]!;
  const broadcast = src.strides[r - 1] === 0;
  if (r === 0 || src.shape.length !== r || step.some((s) => s !== 1) || !(src.strides[r - 1] === 1 || broadcast) || inner < 16) return false;
  const rows = src.shape.slice(0, r - 1).reduce((a, b) => a * b, 1);
  const idx = new Array<number>(r - 1).fill(0);
  let at = 0;
  for (let k = 0; k < r; k++) at += begin[k]! * strides[k]!;
  for (let row = 0; row < rows; row++) {
    let from = src.offset, to = at;
    for (let k = 0; k < r - 1; k++) {
      from += idx[k]! * src.strides[k]!;
      to += idx[k]! * strides[k]!;
    }
    if (broadcast) out.fill(src.buffer[from]!, to, to + inner);
    else out.set(src.buffer.subarray(from, from + inner), to);
    for (let k = r - 2; k >= 0; k--) {
      if (++idx[k]! < src.shape[k]!) break;
      idx[k] = 0;
    }
  }
  return true;
}
