import type { BinaryOp, DType, ReduceOp, UnaryOp } from '@dnn/tensor';

/**
 * Plain float64 reference implementations of dnn's primitives, written as their definitions (index
 * loops, no blocking, no strides) and independent of every backend. The conformance suite compares
 * each device against these.
 */
export interface Ref {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function ref(data: ArrayLike<number>, shape: readonly number[] = [data.length]): Ref {
  if (numel(shape) !== data.length) throw new Error(`ref: ${data.length} values for shape [${shape}]`);
  return { shape: [...shape], data: Float64Array.from(data as ArrayLike<number>, Number) };
}

export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + idx[d]!;
  return flat;
}

/** Round half to even (PyTorch's rounding). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** erf by its Taylor series near 0 and the continued fraction of erfc beyond, to about 1e-14. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const z = Math.abs(x);
  let r: number;
  if (z < 2.5) {
    // erf z = 2/√π Σ (-1)ⁿ z^(2n+1) / (n! (2n+1))
    let term = z, sum = z;
    for (let n = 1; n < 100; n++) {
      term *= (-z * z) / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc z = e^(-z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …))))
    let f = z;
    for (let k = 60; k >= 1; k--) f = z + k / 2 / f;
    r = 1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
  }
  return x < 0 ? -r : r;
}

const bool = (v: boolean): number => (v ? 1 : 0);

export const unaryRef: { [P in UnaryOp]: (x: number) => number } = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: Math.sign,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  logSigmoid: (x) => -Math.log(1 + Math.exp(-x)),
  relu: (x) => (x < 0 ? 0 : x), // PyTorch's: NaN and -0 pass through
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  logicalNot: (x) => bool(!x),
  isnan: (x) => bool(Number.isNaN(x)),
  isfinite: (x) => bool(Number.isFinite(x)),
};

export const binaryRef: { [P in BinaryOp]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  atan2: Math.atan2,
  // Python's modulo: the result has the divisor's sign
  remainder: (a, b) => a - Math.floor(a / b) * b,
  eq: (a, b) => bool(a === b),
  ne: (a, b) => bool(a !== b),
  lt: (a, b) => bool(a < b),
  le: (a, b) => bool(a <= b),
  gt: (a, b) => bool(a > b),
  ge: (a, b) => bool(a >= b),
  logicalAnd: (a, b) => bool(!!a && !!b),
  logicalOr: (a, b) => bool(!!a || !!b),
  logicalXor: (a, b) => bool(!a !== !b),
};

/** NumPy broadcasting of shapes; throws on a mismatch. */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1 && d !== 1 && v !== d) throw new Error(`broadcastShape: [${shapes.join('] [')}] do not broadcast`);
      if (v !== 1) d = v;
    }
    return d;
  });
}

/** The element of x that broadcasts to position `idx` of a larger shape. */
function at(x: Ref, idx: readonly number[]): number {
  const lead = idx.length - x.shape.length;
  let flat = 0;
  for (let d = 0; d < x.shape.length; d++) flat = flat * x.shape[d]! + (x.shape[d] === 1 ? 0 : idx[lead + d]!);
  return x.data[flat]!;
}

/** An n-ary element-wise function with broadcasting. */
export function map(fn: (...v: number[]) => number, ...xs: Ref[]): Ref {
  const shape = broadcastShape(...xs.map((x) => x.shape));
  const out = new Float64Array(numel(shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    out[i] = fn(...xs.map((x) => at(x, idx)));
  }
  return { shape, data: out };
}

export const unary = (op: UnaryOp, x: Ref): Ref => map(unaryRef[op], x);
export const binary = (op: BinaryOp, a: Ref, b: Ref): Ref => map(binaryRef[op], a, b);
/** softmax (or log-softmax) along `dim`, shifted by the max. */
export function softmax(x: Ref, dim: number, log = false): Ref {
  const z = map((v, m) => v - m, x, reduce('max', x, [dim], true));
  const s = reduce('sum', map(Math.exp, z), [dim], true);
  return log ? map((zv, sv) => zv - Math.log(sv), z, s) : map((zv, sv) => Math.exp(zv) / sv, z, s);
}
export const where = (c: Ref, a: Ref, b: Ref): Ref => map((cv, av, bv) => (cv ? av : bv), c, a, b);

/** Values as stored in `dtype`: float32 rounding, int32 truncation (wrapping), bool = nonzero. */
export function cast(x: Ref, dtype: DType): Ref {
  const f = dtype === 'float32' ? Math.fround : dtype === 'int32' ? (v: number) => v | 0 : dtype === 'bool' ? (v: number) => bool(v !== 0) : (v: number) => v;
  return { shape: x.shape, data: x.data.map(f) };
}

const reducedShape = (shape: readonly number[], axes: readonly number[], keepDim: boolean): number[] =>
  keepDim ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));

/** Reduction over `axes` (every axis when empty is not meant: pass them all). */
export function reduce(op: ReduceOp, x: Ref, axes: readonly number[], keepDim = false): Ref {
  const shape = reducedShape(x.shape, axes, keepDim);
  const kept = reducedShape(x.shape, axes, true);
  const init = { sum: 0, prod: 1, max: -Infinity, min: Infinity, any: 0, all: 1 }[op];
  const out = new Float64Array(numel(shape)).fill(init);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v));
    const o = ravel(idx, kept);
    const v = x.data[i]!, acc = out[o]!;
    switch (op) {
      case 'sum': out[o] = acc + v; break;
      case 'prod': out[o] = acc * v; break;
      case 'max': out[o] = Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.max(acc, v); break;
      case 'min': out[o] = Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.min(acc, v); break;
      case 'any': out[o] = bool(!!acc || !!v); break;
      case 'all': out[o] = bool(!!acc && !!v); break;
    }
  }
  return { shape, data: out };
}

/** Index of the first maximum/minimum along `axis`; a NaN counts as the extreme. */
export function argReduce(op: 'argmax' | 'argmin', x: Ref, axis: number, keepDim = false): Ref {
  const shape = reducedShape(x.shape, [axis], keepDim);
  const kept = reducedShape(x.shape, [axis], true);
  const best = new Float64Array(numel(shape));
  const out = new Float64Array(numel(shape)).fill(-1);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    const k = idx[axis]!;
    idx[axis] = 0;
    const o = ravel(idx, kept);
    const v = x.data[i]!;
    const better = out[o] === -1 || (!Number.isNaN(best[o]!) && (Number.isNaN(v) || (op === 'argmax' ? v > best[o]! : v < best[o]!)));
    if (better) [best[o], out[o]] = [v, k];
  }
  return { shape, data: out };
}

/** NumPy matmul: 1-D operands promoted and squeezed back, batch dims broadcast. */
export function matmul(a: Ref, b: Ref): Ref {
  const a2 = a.shape.length === 1 ? { shape: [1, a.shape[0]!], data: a.data } : a;
  const b2 = b.shape.length === 1 ? { shape: [b.shape[0]!, 1], data: b.data } : b;
  const [M, K] = a2.shape.slice(-2) as [number, number];
  const [K2, N] = b2.shape.slice(-2) as [number, number];
  if (K !== K2) throw new Error(`matmul: inner dims ${K} and ${K2} differ`);
  const batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const out = new Float64Array(numel(batch) * M * N);
  const pick = (x: Ref, bIdx: number[], i: number, j: number) => at(x, [...bIdx, i, j]);
  for (let p = 0; p < numel(batch); p++) {
    const bIdx = unravel(p, batch);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += pick(a2, bIdx, i, k) * pick(b2, bIdx, k, j);
        out[(p * M + i) * N + j] = s;
      }
    }
  }
  let shape = [...batch, M, N];
  if (a.shape.length === 1) shape = [...batch, N];
  if (b.shape.length === 1) shape = a.shape.length === 1 ? batch : [...batch, M];
  return { shape, data: out };
}

export const reshape = (x: Ref, shape: readonly number[]): Ref => ref(x.data, shape);

export function permute(x: Ref, perm: readonly number[]): Ref {
  const shape = perm.map((p) => x.shape[p]!);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    const src = new Array<number>(perm.length);
    perm.forEach((p, d) => (src[p] = idx[d]!));
    out[i] = x.data[ravel(src, x.shape)]!;
  }
  return { shape, data: out };
}

export const expand = (x: Ref, shape: readonly number[]): Ref => map((v) => v, x, { shape, data: new Float64Array(numel(shape)) });

/** Elements begin + i·step below end along every dim. */
export function slice(x: Ref, begin: readonly number[], end: readonly number[], step: readonly number[]): Ref {
  const shape = begin.map((b, d) => Math.max(0, Math.ceil((end[d]! - b) / step[d]!)));
  const out = new Float64Array(numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = x.data[ravel(unravel(i, shape).map((v, d) => begin[d]! + v * step[d]!), x.shape)]!;
  return { shape, data: out };
}

export function flip(x: Ref, dims: readonly number[]): Ref {
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, x.shape).map((v, d) => (dims.includes(d) ? x.shape[d]! - 1 - v : v));
    out[i] = x.data[ravel(idx, x.shape)]!;
  }
  return { shape: x.shape, data: out };
}

/** Zeros (or `fill`) of `shape` with x written at begin + i·step: the adjoint of slice, and pad. */
export function place(x: Ref, shape: readonly number[], begin: readonly number[], step: readonly number[], fill = 0): Ref {
  const out = new Float64Array(numel(shape)).fill(fill);
  for (let i = 0; i < x.data.length; i++) out[ravel(unravel(i, x.shape).map((v, d) => begin[d]! + v * step[d]!), shape)] = x.data[i]!;
  return { shape: [...shape], data: out };
}

export const pad = (x: Ref, before: readonly number[], after: readonly number[], value = 0): Ref =>
  place(x, x.shape.map((d, i) => d + before[i]! + after[i]!), before, before.map(() => 1), value);

export function concat(xs: readonly Ref[], axis: number): Ref {
  const shape = [...xs[0]!.shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis]!, 0);
  const out = new Float64Array(numel(shape));
  let at0 = 0;
  for (const x of xs) {
    const begin = shape.map((_, d) => (d === axis ? at0 : 0));
    out.set(place(x, shape, begin, shape.map(() => 1)).data.map((v, i) => v + out[i]!));
    at0 += x.shape[axis]!;
  }
  return { shape, data: out };
}

/** out[…, i, …] = x[…, index[…, i, …], …] along dim (torch.gather). */
export function gather(x: Ref, dim: number, index: Ref): Ref {
  const out = new Float64Array(index.data.length);
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, index.shape);
    idx[dim] = index.data[i]!;
    out[i] = x.data[ravel(idx, x.shape)]!;
  }
  return { shape: index.shape, data: out };
}

/** base with src[j] added at index[j] along dim (torch.scatter_add). */
export function scatterAdd(base: Ref, dim: number, index: Ref, src: Ref): Ref {
  const out = base.data.slice();
  for (let i = 0; i < index.data.length; i++) {
    const idx = unravel(i, index.shape);
    idx[dim] = index.data[i]!;
    out[ravel(idx, base.shape)] += src.data[ravel(unravel(i, index.shape), src.shape)]!;
  }
  return { shape: base.shape, data: out };
}

/** PyTorch's clamp with tensor bounds: NaN in x or in a bound gives NaN; then min(max(x, lo), hi). */
export function clamp(x: Ref, lo: Ref, hi: Ref): Ref {
  const out = x.data.map((v, i) => {
    const l = lo.data[i]!, h = hi.data[i]!;
    if (Number.isNaN(v) || Number.isNaN(l) || Number.isNaN(h)) return NaN;
    return Math.min(Math.max(v, l), h);
  });
  return { shape: [...x.shape], data: out };
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));
/** One LSTM step: gates [N, 4H] (i, f, g, o; plus gh when given), c [N, H] → [N, 2H] holding h' then c'. */
export function lstmCell(gates: Ref, c: Ref, gh?: Ref): Ref {
  const [N, H] = c.shape as [number, number];
  const out = new Float64Array(N * 2 * H);
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < H; j++) {
      const gate = (k: number) => gates.data[n * 4 * H + k * H + j]! + (gh ? gh.data[n * 4 * H + k * H + j]! : 0);
      const c2 = sig(gate(1)) * c.data[n * H + j]! + sig(gate(0)) * Math.tanh(gate(2));
      out[n * 2 * H + j] = sig(gate(3)) * Math.tanh(c2);
      out[n * 2 * H + H + j] = c2;
    }
  }
  return ref(out, [N, 2 * H]);
}
/** One GRU step: gi, gh [N, 3H] (r, z, n), h [N, H] → h' = (1 − z)·n + z·h. */
export function gruCell(gi: Ref, gh: Ref, h: Ref): Ref {
  const [N, H] = h.shape as [number, number];
  const out = new Float64Array(N * H);
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < H; j++) {
      const at = (t: Ref, k: number) => t.data[n * 3 * H + k * H + j]!;
      const r = sig(at(gi, 0) + at(gh, 0)), z = sig(at(gi, 1) + at(gh, 1));
      const nn = Math.tanh(at(gi, 2) + r * at(gh, 2));
      out[n * H + j] = (1 - z) * nn + z * h.data[n * H + j]!;
    }
  }
  return ref(out, [N, H]);
}
