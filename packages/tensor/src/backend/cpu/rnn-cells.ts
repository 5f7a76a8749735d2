import type { View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { dense } from './strided';

type CpuView = View<TypedArray>;

/**
 * Fused LSTM and GRU cell kernels: every gate non-linearity and state update of one step in one pass
 * over [N, H], in float64 arithmetic, with no temporaries. Inputs are 2-D views read in place when
 * their rows are contiguous (a strided row, like c' narrowed from the previous step's [N, 2H], costs
 * no copy).
 */

export interface Rows { a: TypedArray; off: number; rs: number }

/** Element (n, j) of a 2-D view is a[off + n·rs + j]. */
export function rows(v: CpuView): Rows {
  if (v.shape[1]! <= 1 || v.strides[1] === 1) return { a: v.buffer, off: v.offset, rs: v.strides[0]! };
  return { a: dense(v), off: 0, rs: v.shape[1]! };
}

export const sigmoid = (x: number): number => {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
};

/** The gates' rows, with gh added first (into a dense float64 array) when the hidden part comes apart. */
export function gateRows(gates: CpuView, gh: CpuView | undefined): Rows {
  const G = rows(gates);
  if (!gh) return G;
  const R = rows(gh);
  const [N, W] = gates.shape as [number, number];
  const a = new Float64Array(N * W);
  for (let n = 0; n < N; n++) for (let k = 0; k < W; k++) a[n * W + k] = G.a[G.off + n * G.rs + k]! + R.a[R.off + n * R.rs + k]!;
  return { a, off: 0, rs: W };
}

/**
 * gates [N, 4H] (i, f, g, o pre-activations; plus gh [N, 4H] when given, the hidden part kept
 * apart so the layers need no add per step), c [N, H] → [N, 2H] holding h' then c'.
 */
export function lstmCell(gates: CpuView, c: CpuView, gh?: CpuView): TypedArray {
  const N = gates.shape[0]!, H = c.shape[1]!;
  const G = gateRows(gates, gh), C = rows(c);
  const out = arrayFor(gates.dtype, N * 2 * H);
  for (let n = 0; n < N; n++) {
    const gb = G.off + n * G.rs, cb = C.off + n * C.rs, ob = n * 2 * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(G.a[gb + j]!), f = sigmoid(G.a[gb + H + j]!);
      const g = Math.tanh(G.a[gb + 2 * H + j]!), o = sigmoid(G.a[gb + 3 * H + j]!);
      const c2 = f * C.a[cb + j]! + i * g;
      out[ob + j] = o * Math.tanh(c2);
      out[ob + H + j] = c2;
    }
  }
  return out;
}

/**
 * The LSTM cell's vector-Jacobian product: gates (and gh), c, out = [h', c'] and its gradient dOut
 * [N, 2H] → dgates [N, 4H] (also gh's) and dc [N, H] (separate dense buffers, so neither needs a copy later).
 */
export function lstmCellBackward(gates: CpuView, c: CpuView, out: CpuView, dOut: CpuView, gh?: CpuView): TypedArray[] {
  const N = gates.shape[0]!, H = c.shape[1]!;
  const G = gateRows(gates, gh), C = rows(c), O = rows(out), D = rows(dOut);
  const dx = arrayFor(gates.dtype, N * 4 * H), dc = arrayFor(gates.dtype, N * H);
  for (let n = 0; n < N; n++) {
    const gb = G.off + n * G.rs, cb = C.off + n * C.rs, ob = O.off + n * O.rs, db = D.off + n * D.rs, xb = n * 4 * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(G.a[gb + j]!), f = sigmoid(G.a[gb + H + j]!);
      const g = Math.tanh(G.a[gb + 2 * H + j]!), o = sigmoid(G.a[gb + 3 * H + j]!);
      const tc = Math.tanh(O.a[ob + H + j]!);
      lstmGradsAt(D.a[db + j]!, D.a[db + H + j]!, C.a[cb + j]!, i, f, g, o, tc, dx, dc, xb + j, n * H + j, H);
    }
  }
  return [dx, dc];
}

/**
 * gi [N, 3H] (x·W_ihᵀ + b_ih), gh [N, 3H] (h·W_hhᵀ + b_hh), h [N, H] → h' [N, H]:
 * r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r·gh_n), h' = n + z·(h − n).
 */
export function gruCell(gi: CpuView, gh: CpuView, h: CpuView): TypedArray {
  const N = gi.shape[0]!, H = h.shape[1]!;
  const I = rows(gi), R = rows(gh), S = rows(h);
  const out = arrayFor(gi.dtype, N * H);
  for (let b = 0; b < N; b++) {
    const ib = I.off + b * I.rs, rb = R.off + b * R.rs, sb = S.off + b * S.rs;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(I.a[ib + j]! + R.a[rb + j]!), z = sigmoid(I.a[ib + H + j]! + R.a[rb + H + j]!);
      const n = Math.tanh(I.a[ib + 2 * H + j]! + r * R.a[rb + 2 * H + j]!);
      out[b * H + j] = n + z * (S.a[sb + j]! - n);
    }
  }
  return out;
}

/**
 * The GRU cell's vector-Jacobian product: gi, gh, h and dh' [N, H] → dgi [N, 3H], dgh [N, 3H] (its r
 * and z parts equal dgi's) and dh [N, H], separate dense buffers.
 */
export function gruCellBackward(gi: CpuView, gh: CpuView, h: CpuView, dOut: CpuView): TypedArray[] {
  const N = gi.shape[0]!, H = h.shape[1]!;
  const I = rows(gi), R = rows(gh), S = rows(h), D = rows(dOut);
  const dx = arrayFor(gi.dtype, N * 3 * H), dy = arrayFor(gi.dtype, N * 3 * H), dh = arrayFor(gi.dtype, N * H);
  for (let b = 0; b < N; b++) {
    const ib = I.off + b * I.rs, rb = R.off + b * R.rs, sb = S.off + b * S.rs, db = D.off + b * D.rs, xb = b * 3 * H;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(I.a[ib + j]! + R.a[rb + j]!), z = sigmoid(I.a[ib + H + j]! + R.a[rb + H + j]!);
      const hn = R.a[rb + 2 * H + j]!;
      const n = Math.tanh(I.a[ib + 2 * H + j]! + r * hn);
      gruGradsAt(D.a[db + j]!, S.a[sb + j]!, r, z, n, hn, dx, dy, dh, xb + j, b * H + j, H);
    }
  }
  return [dx, dy, dh];
}

/**
 * GRU's gradient at one unit, from its gate activations r, z, n, the hidden part hn of n's
 * pre-activation, the previous state s and the incoming gradient g: writes the gradients of the input
 * gates (dx: r, z, n at x, x + H, x + 2H), of the hidden gates (dy: n's scaled by r) and of the state
 * (dh at h). Shared by the step kernel and the whole-sequence kernel, so both give the same bits.
 */
export function gruGradsAt(g: number, s: number, r: number, z: number, n: number, hn: number, dx: TypedArray, dy: TypedArray, dh: TypedArray, x: number, h: number, H: number): void {
  const dn = g * (1 - z) * (1 - n * n);
  const dr = dn * hn * r * (1 - r), dz = g * (s - n) * z * (1 - z);
  dx[x] = dr;
  dx[x + H] = dz;
  dx[x + 2 * H] = dn;
  dy[x] = dr;
  dy[x + H] = dz;
  dy[x + 2 * H] = dn * r;
  dh[h] = g * z;
}

/**
 * LSTM's gradient at one unit, from its gate activations i, f, g, o, tanh(c') tc, the previous cell
 * c and the incoming gradients dh (of h) and dc (of c'): writes the gates' gradients (dx: i, f, g, o at
 * x, x + H, x + 2H, x + 3H) and the previous cell's (dcPrev at h). Shared by the step kernel and the
 * whole-sequence kernel, so both give the same bits.
 */
export function lstmGradsAt(dh: number, dc: number, c: number, i: number, f: number, g: number, o: number, tc: number, dx: TypedArray, dcPrev: TypedArray, x: number, h: number, H: number): void {
  const dc2 = dc + dh * o * (1 - tc * tc);
  dx[x] = dc2 * g * i * (1 - i);
  dx[x + H] = dc2 * c * f * (1 - f);
  dx[x + 2 * H] = dc2 * i * (1 - g * g);
  dx[x + 3 * H] = dh * tc * o * (1 - o);
  dcPrev[h] = dc2 * f;
}
