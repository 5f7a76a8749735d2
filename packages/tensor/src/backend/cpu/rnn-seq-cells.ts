import type { StepInto, View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { gateRows, gruGradsAt, lstmGradsAt, rows, sigmoid } from './rnn-cells';

type CpuView = View<TypedArray>;

/**
 * The LSTM step of a whole-sequence loop (the rnnSequence primitive): like `lstmCell`, and it also
 * returns the step's activations act [N, 5H] = [σ(i), σ(f), tanh(g), σ(o), tanh(c')], from which
 * `lstmCellActBackward` forms the gradient without an exp or tanh.
 */
export function lstmCellAct(gates: CpuView, c: CpuView, gh: CpuView, bias?: CpuView): TypedArray[] {
  const N = gates.shape[0]!, H = c.shape[1]!;
  const G = gateRows(bias ? biased(gates, bias) : gates, gh), C = rows(c);
  const out = arrayFor(gates.dtype, N * 2 * H), act = arrayFor(gates.dtype, N * 5 * H);
  for (let n = 0; n < N; n++) {
    const gb = G.off + n * G.rs, cb = C.off + n * C.rs, ob = n * 2 * H, ab = n * 5 * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(G.a[gb + j]!), f = sigmoid(G.a[gb + H + j]!);
      const g = Math.tanh(G.a[gb + 2 * H + j]!), o = sigmoid(G.a[gb + 3 * H + j]!);
      const c2 = f * C.a[cb + j]! + i * g;
      // tanh of c' as stored: what lstmCellBackward recomputes from out
      out[ob + H + j] = c2;
      const tc = Math.tanh(out[ob + H + j]!);
      out[ob + j] = o * Math.tanh(c2);
      act[ab + j] = i;
      act[ab + H + j] = f;
      act[ab + 2 * H + j] = g;
      act[ab + 3 * H + j] = o;
      act[ab + 4 * H + j] = tc;
    }
  }
  return [out, act];
}

/** gates + bias [W] as a dense [N, W] view, rounded to the gates' dtype: the values of adding the bias to the gates beforehand. */
function biased(gates: CpuView, bias: CpuView): CpuView {
  const G = rows(gates);
  const [N, W] = gates.shape as [number, number];
  const a = arrayFor(gates.dtype, N * W);
  for (let n = 0; n < N; n++) for (let k = 0; k < W; k++) a[n * W + k] = G.a[G.off + n * G.rs + k]! + bias.buffer[bias.offset + k * bias.strides[0]!]!;
  return { ...gates, buffer: a, offset: 0, strides: [W, 1] };
}

/** A row-major [N, H] view's element (n, j), or 0 for an absent part. */
function partAt(v: CpuView | undefined): (n: number, j: number) => number {
  if (!v) return () => 0;
  const R = rows(v);
  return (n, j) => R.a[R.off + n * R.rs + j]!;
}

/**
 * The gradient from the saved activations: act [N, 5H], c [N, H], the gradient of h' as dh + dy (dy
 * optional) and that of c' as dc, each [N, H] → dgates [N, 4H] and dc_prev [N, H].
 */
export function lstmCellActBackward(act: CpuView, c: CpuView, dh: CpuView, dc: CpuView, dy?: CpuView, into?: StepInto<TypedArray>): TypedArray[] {
  const N = act.shape[0]!, H = c.shape[1]!;
  const A = rows(act), C = rows(c), Dh = rows(dh), Dc = rows(dc), y = partAt(dy);
  const [dx] = intoOutputs(act.dtype, N * 4 * H, 1, into), dcPrev = arrayFor(act.dtype, N * H);
  const at = into?.offset ?? 0;
  for (let n = 0; n < N; n++) {
    const ab = A.off + n * A.rs, cb = C.off + n * C.rs, hb = Dh.off + n * Dh.rs, db = Dc.off + n * Dc.rs, xb = at + n * 4 * H;
    for (let j = 0; j < H; j++) {
      const i = A.a[ab + j]!, f = A.a[ab + H + j]!, g = A.a[ab + 2 * H + j]!, o = A.a[ab + 3 * H + j]!, tc = A.a[ab + 4 * H + j]!;
      lstmGradsAt(Dh.a[hb + j]! + y(n, j), Dc.a[db + j]!, C.a[cb + j]!, i, f, g, o, tc, dx!, dcPrev, xb + j, n * H + j, H);
    }
  }
  return [dx!, dcPrev];
}

/**
 * The GRU step of a sequence loop: gi [N, 3H], gh = h·W_hhᵀ [N, 3H], h [N, H] and b_hh [3H] (added to gh
 * here, inside the reset product for its n part) → [h' [N, H] (as `gruCell` on gh + b_hh), act [N, 4H] =
 * r, z, n, gh_n + b_n].
 */
export function gruCellAct(gi: CpuView, gh: CpuView, h: CpuView, bias?: CpuView, biasIh?: CpuView): TypedArray[] {
  const N = gi.shape[0]!, H = h.shape[1]!;
  const I = rows(biasIh ? biased(gi, biasIh) : gi), R = rows(gh), S = rows(h);
  const B = bias ? { a: bias.buffer, off: bias.offset, st: bias.strides[0]! } : null;
  const b = (k: number): number => (B ? B.a[B.off + k * B.st]! : 0);
  const out = arrayFor(gi.dtype, N * H), act = arrayFor(gi.dtype, N * 4 * H);
  for (let m = 0; m < N; m++) {
    const ib = I.off + m * I.rs, rb = R.off + m * R.rs, sb = S.off + m * S.rs, ab = m * 4 * H;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(I.a[ib + j]! + (R.a[rb + j]! + b(j))), z = sigmoid(I.a[ib + H + j]! + (R.a[rb + H + j]! + b(H + j)));
      const hn = R.a[rb + 2 * H + j]! + b(2 * H + j);
      const n = Math.tanh(I.a[ib + 2 * H + j]! + r * hn);
      out[m * H + j] = n + z * (S.a[sb + j]! - n);
      act[ab + j] = r;
      act[ab + H + j] = z;
      act[ab + 2 * H + j] = n;
      act[ab + 3 * H + j] = hn;
    }
  }
  return [out, act];
}

/**
 * Its gradient from the activations: act [N, 4H], h [N, H] and dh' [N, H] given as (dOut + e) + f (e, f
 * optional) → [dgi [N, 3H], dgh [N, 3H], dh [N, H]].
 */
export function gruCellActBackward(act: CpuView, h: CpuView, dOut: CpuView, e?: CpuView, f?: CpuView, into?: StepInto<TypedArray>): TypedArray[] {
  const N = act.shape[0]!, H = h.shape[1]!;
  const A = rows(act), S = rows(h), D = rows(dOut), pe = partAt(e), pf = partAt(f);
  const [dx, dy] = intoOutputs(act.dtype, N * 3 * H, 2, into), dh = arrayFor(act.dtype, N * H);
  const at = into?.offset ?? 0;
  for (let m = 0; m < N; m++) {
    const ab = A.off + m * A.rs, sb = S.off + m * S.rs, db = D.off + m * D.rs, xb = at + m * 3 * H;
    for (let j = 0; j < H; j++) {
      const r = A.a[ab + j]!, z = A.a[ab + H + j]!, n = A.a[ab + 2 * H + j]!, hn = A.a[ab + 3 * H + j]!;
      gruGradsAt(D.a[db + j]! + pe(m, j) + pf(m, j), S.a[sb + j]!, r, z, n, hn, dx!, dy!, dh, xb + j, m * H + j, H);
    }
  }
  return [dx!, dy!, dh];
}

/** The `count` leading outputs of a step: its own arrays of n elements, or the sequence's buffers `into` names (new ones of into.size on the first call). */
function intoOutputs(dtype: CpuView['dtype'], n: number, count: number, into: StepInto<TypedArray> | undefined): TypedArray[] {
  return Array.from({ length: count }, (_, k) => into?.buffers?.[k] ?? arrayFor(dtype, into ? into.size : n));
}
