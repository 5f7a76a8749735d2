import { Tensor, type TypedArray } from '@dnn/tensor';

/** A host array with its shape (what `await t.data()` gives, plus the tensor's shape). */
export interface Shaped {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/**
 * What the comparison helpers accept: a tensor (read synchronously, so CPU only), a shaped host array,
 * a typed array, nested numbers, or a number.
 */
export type Numeric = Tensor | Shaped | TypedArray | readonly unknown[] | number | boolean;

export interface CloseOptions {
  /** Relative tolerance: |actual - expected| ≤ atol + rtol·|expected|. Default 1e-5. */
  rtol?: number;
  /** Absolute tolerance. Default 1e-8. */
  atol?: number;
  /** Treat NaN as equal to NaN. Default false. */
  equalNan?: boolean;
  /** A name for the error message, e.g. the op under test. */
  label?: string;
}

interface Flat {
  values: Float64Array;
  /** null for flat inputs (typed arrays, 1-D number arrays) whose layout is not known. */
  shape: readonly number[] | null;
}

/** Flattens any accepted value into float64 values and, where known, a shape. */
export function flatten(x: Numeric, what = 'value'): Flat {
  if (x instanceof Tensor) {
    const data = x.dataSync();
    return { values: Float64Array.from(data, Number), shape: x.shape };
  }
  if (typeof x === 'number' || typeof x === 'boolean') return { values: Float64Array.of(Number(x)), shape: null };
  if (ArrayBuffer.isView(x)) return { values: Float64Array.from(x as TypedArray, Number), shape: null };
  if (!Array.isArray(x)) {
    const { shape, data } = x as Shaped;
    return { values: Float64Array.from(data, Number), shape: [...shape] };
  }
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  const out: number[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new TypeError(`${what}: expected numbers, got ${typeof v}`);
      out.push(Number(v));
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) throw new TypeError(`${what}: ragged nested array`);
    for (const e of v) walk(e, depth + 1);
  };
  walk(x, 0);
  return { values: Float64Array.from(out), shape: shape.length === 1 ? null : shape };
}

const fmt = (s: readonly number[] | null, n: number): string => (s ? `[${s.join(',')}]` : `[${n}] (flat)`);

function unravel(flat: number, shape: readonly number[] | null): string {
  if (!shape || shape.length <= 1) return `[${flat}]`;
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return `[${idx.join(',')}]`;
}

export interface CloseResult {
  ok: boolean;
  /** Number of elements outside tolerance. */
  mismatched: number;
  /** Flat index of the element furthest outside its tolerance (-1 when all agree). */
  worst: number;
  maxAbsDiff: number;
  message: string;
}

/** Compares element by element; shapes must agree where both are known, otherwise sizes must. */
export function compareClose(actual: Numeric, expected: Numeric, opts: CloseOptions = {}): CloseResult {
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-8;
  const equalNan = opts.equalNan ?? false;
  const label = opts.label ? `${opts.label}: ` : '';
  const a = flatten(actual, 'actual');
  const e = flatten(expected, 'expected');
  const shapes = `actual shape ${fmt(a.shape, a.values.length)}, expected shape ${fmt(e.shape, e.values.length)}`;
  const shapeMismatch = a.shape && e.shape
    ? a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape![i])
    : a.values.length !== e.values.length;
  if (shapeMismatch) {
    return { ok: false, mismatched: -1, worst: -1, maxAbsDiff: NaN, message: `${label}shapes differ: ${shapes}` };
  }
  let mismatched = 0, worst = -1, worstScore = 0, maxAbsDiff = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i]!, y = e.values[i]!;
    if (x === y) continue;
    const nanX = x !== x, nanY = y !== y;
    if (nanX && nanY && equalNan) continue;
    const diff = Math.abs(x - y);
    const tol = atol + rtol * Math.abs(y);
    // NaN on one side, or an infinity that differs, ranks above every finite miss (and no tolerance covers it)
    const score = nanX || nanY || !Number.isFinite(diff) ? Infinity : diff / tol;
    if (diff === diff) maxAbsDiff = Math.max(maxAbsDiff, diff);
    if (score === Infinity || !(diff <= tol)) {
      mismatched++;
      if (worst < 0 || score > worstScore) {
        worst = i;
        worstScore = score;
      }
    }
  }
  if (mismatched === 0) return { ok: true, mismatched, worst: -1, maxAbsDiff, message: '' };
  const x = a.values[worst]!, y = e.values[worst]!;
  const tol = atol + rtol * Math.abs(y);
  const message =
    `${label}${mismatched} of ${a.values.length} elements are not close (rtol=${rtol}, atol=${atol}); ` +
    `worst at index ${unravel(worst, e.shape ?? a.shape)}: actual ${x}, expected ${y} ` +
    `(|diff| ${Math.abs(x - y)} > ${tol}); ${shapes}`;
  return { ok: false, mismatched, worst, maxAbsDiff, message };
}

/** numpy.allclose: true when every element is within atol + rtol·|expected| (and shapes agree). */
export function allclose(actual: Numeric, expected: Numeric, opts: CloseOptions = {}): boolean {
  return compareClose(actual, expected, opts).ok;
}

export class NotCloseError extends Error {
  constructor(message: string, readonly result: CloseResult) {
    super(message);
    this.name = 'NotCloseError';
  }
}

/**
 * Throws a NotCloseError naming the worst element's index, both values and both shapes.
 * Tensors are read synchronously (CPU); for asynchronous devices pass `await t.data()`.
 */
export function expectClose(actual: Numeric, expected: Numeric, opts: CloseOptions = {}): void {
  const r = compareClose(actual, expected, opts);
  if (!r.ok) throw new NotCloseError(r.message, r);
}
