import type { TypedArray } from '../../dtype';
import { gemm } from './matmul';

/**
 * 3×3, stride-1 convolution by Winograd's minimal filtering (Lavin & Gray, 2016): each m×m output
 * tile is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A for its (m+2)×(m+2) input tile d, so the channel sum becomes
 * (m+2)² independent matrix products [out, in]·[in, tiles]. F(2×2, 3×3) does 16 multiplies per
 * 4 outputs and F(4×4, 3×3) 36 per 16, against 9 per output directly. Everything runs in float64,
 * so the larger transform's constants cost no accuracy that float32 outputs could show.
 */
/** weight(g, co, ci, i, j): the 3×3 kernel tap linking input channel ci to output channel co of group g. */
export type WeightAt = (g: number, co: number, ci: number, i: number, j: number) => number;

export interface WinogradProblem {
  readonly N: number;
  readonly G: number;
  /** Input channels per group and total; output channels per group. */
  readonly Cin: number;
  readonly Cout: number;
  readonly H: number;
  readonly W: number;
  readonly pad: readonly [number, number];
  readonly Ho: number;
  readonly Wo: number;
}

let scratch = new Float64Array(0);
/** A grow-only scratch buffer shared by the Winograd drivers (one runs at a time). */
export function take(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(size);
  return scratch;
}

/** One tile size's transforms; `m` outputs per tile side, `a = m + 2` inputs. */
export interface WinogradScheme {
  readonly m: number;
  readonly a: number;
  /** A = (Aᵀ)ᵀ, a×m, and Gᵀ, 3×a: the weight gradient's transforms (the transposed algorithm). */
  readonly A: readonly (readonly number[])[];
  readonly Gt: readonly (readonly number[])[];
  weights(weight: WeightAt, g: number, Cout: number, Cin: number, U: Float64Array): void;
  input(xp: Float64Array, C: number, th: number, tw: number, Wq: number, plane: number, V: Float64Array, T: number): void;
  output(M: Float64Array, Cout: number, th: number, tw: number, T: number, out: TypedArray, off: number, Ho: number, Wo: number): void;
}

export const F2x2: WinogradScheme = {
  m: 2, a: 4, weights: transformWeights, input: transformInput, output: transformOutput,
  A: [[1, 0], [1, 1], [1, -1], [0, -1]],
  Gt: [[1, 0.5, 0.5, 0], [0, 0.5, -0.5, 0], [0, 0.5, 0.5, 1]],
};

/** Copies channels c0… of image n (x [N, C, H, W]) into zero-bordered planes of Wq columns at (ph, pw). */
export function loadPlanes(
  x: TypedArray, n: number, C: number, c0: number, count: number, H: number, W: number,
  ph: number, pw: number, xp: Float64Array, Wq: number, plane: number,
): void {
  xp.fill(0, 0, count * plane);
  for (let c = 0; c < count; c++) {
    const src = ((n * C + c0 + c) * H) * W;
    for (let y = 0; y < H; y++) {
      const d = c * plane + (y + ph) * Wq + pw;
      for (let xx = 0; xx < W; xx++) xp[d + xx] = x[src + y * W + xx]!;
    }
  }
}

export function winograd3x3(x: TypedArray, weight: WeightAt, p: WinogradProblem, out: TypedArray, scheme: WinogradScheme = F2x2): void {
  const { N, G, Cin, Cout, H, W, Ho, Wo } = p;
  const [ph, pw] = p.pad;
  const { m, a } = scheme, E = a * a;
  const th = Math.ceil(Ho / m), tw = Math.ceil(Wo / m), T = th * tw;
  const Hq = m * th + 2, Wq = m * tw + 2, plane = Hq * Wq;
  // one scratch holds U [E, Cout, Cin], the padded input, V [E, Cin, T] and M [E, Cout, T]
  const uSize = E * Cout * Cin, xSize = Cin * plane, vSize = E * Cin * T, mSize = E * Cout * T;
  const buf = take(uSize + xSize + vSize + mSize);
  const U = buf.subarray(0, uSize);
  const xp = buf.subarray(uSize, uSize + xSize);
  const V = buf.subarray(uSize + xSize, uSize + xSize + vSize);
  const M = buf.subarray(uSize + xSize + vSize, uSize + xSize + vSize + mSize);
  const inC = G * Cin, outC = G * Cout;
  for (let g = 0; g < G; g++) {
    scheme.weights(weight, g, Cout, Cin, U);
    for (let n = 0; n < N; n++) {
      loadPlanes(x, n, inC, g * Cin, Cin, H, W, ph, pw, xp, Wq, plane);
      scheme.input(xp, Cin, th, tw, Wq, plane, V, T);
      for (let e = 0; e < E; e++) gemm(Cout, T, Cin, U, e * Cout * Cin, Cin, 1, V, e * Cin * T, T, 1, M, e * Cout * T);
      scheme.output(M, Cout, th, tw, T, out, (n * outC + g * Cout) * Ho * Wo, Ho, Wo);
    }
  }
}

/** U[e, co, ci] = (G g Gᵀ)[e] with G = [[1,0,0],[½,½,½],[½,-½,½],[0,0,1]]. */
function transformWeights(weight: WeightAt, g: number, Cout: number, Cin: number, U: Float64Array): void {
  const stride = Cout * Cin;
  const t = new Float64Array(12);
  for (let co = 0; co < Cout; co++) {
    for (let ci = 0; ci < Cin; ci++) {
      // t = G g (4×3)
      for (let j = 0; j < 3; j++) {
        const g0 = weight(g, co, ci, 0, j), g1 = weight(g, co, ci, 1, j), g2 = weight(g, co, ci, 2, j);
        t[j] = g0;
        t[3 + j] = (g0 + g1 + g2) / 2;
        t[6 + j] = (g0 - g1 + g2) / 2;
        t[9 + j] = g2;
      }
      const at = co * Cin + ci;
      for (let r = 0; r < 4; r++) {
        const r0 = t[3 * r]!, r1 = t[3 * r + 1]!, r2 = t[3 * r + 2]!;
        U[(4 * r) * stride + at] = r0;
        U[(4 * r + 1) * stride + at] = (r0 + r1 + r2) / 2;
        U[(4 * r + 2) * stride + at] = (r0 - r1 + r2) / 2;
        U[(4 * r + 3) * stride + at] = r2;
      }
    }
  }
}

/** V[e, c, t] = (Bᵀ d B)[e] for the 4×4 tile d at (2·ty, 2·tx), Bᵀ = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]]. */
function transformInput(xp: Float64Array, C: number, th: number, tw: number, Wq: number, plane: number, V: Float64Array, T: number): void {
  const s = C * T;
  for (let c = 0; c < C; c++) {
    let t = c * T;
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx++, t++) {
        const o = c * plane + 2 * ty * Wq + 2 * tx;
        const o1 = o + Wq, o2 = o1 + Wq, o3 = o2 + Wq;
        // rows of Bᵀ d
        const a0 = xp[o]! - xp[o2]!, a1 = xp[o + 1]! - xp[o2 + 1]!, a2 = xp[o + 2]! - xp[o2 + 2]!, a3 = xp[o + 3]! - xp[o2 + 3]!;
        const b0 = xp[o1]! + xp[o2]!, b1 = xp[o1 + 1]! + xp[o2 + 1]!, b2 = xp[o1 + 2]! + xp[o2 + 2]!, b3 = xp[o1 + 3]! + xp[o2 + 3]!;
        const c0 = xp[o2]! - xp[o1]!, c1 = xp[o2 + 1]! - xp[o1 + 1]!, c2 = xp[o2 + 2]! - xp[o1 + 2]!, c3 = xp[o2 + 3]! - xp[o1 + 3]!;
        const d0 = xp[o1]! - xp[o3]!, d1 = xp[o1 + 1]! - xp[o3 + 1]!, d2 = xp[o1 + 2]! - xp[o3 + 2]!, d3 = xp[o1 + 3]! - xp[o3 + 3]!;
        // times B, row by row
        V[t] = a0 - a2; V[s + t] = a1 + a2; V[2 * s + t] = a2 - a1; V[3 * s + t] = a1 - a3;
        V[4 * s + t] = b0 - b2; V[5 * s + t] = b1 + b2; V[6 * s + t] = b2 - b1; V[7 * s + t] = b1 - b3;
        V[8 * s + t] = c0 - c2; V[9 * s + t] = c1 + c2; V[10 * s + t] = c2 - c1; V[11 * s + t] = c1 - c3;
        V[12 * s + t] = d0 - d2; V[13 * s + t] = d1 + d2; V[14 * s + t] = d2 - d1; V[15 * s + t] = d1 - d3;
      }
    }
  }
}

/** Y = Aᵀ m A per tile, Aᵀ = [[1,1,1,0],[0,1,-1,-1]], written where the 2×2 tile lies inside Ho×Wo. */
function transformOutput(M: Float64Array, Cout: number, th: number, tw: number, T: number, out: TypedArray, off: number, Ho: number, Wo: number): void {
  const s = Cout * T;
  for (let co = 0; co < Cout; co++) {
    const base = off + co * Ho * Wo;
    let t = co * T;
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx++, t++) {
        const m0 = M[t]!, m1 = M[s + t]!, m2 = M[2 * s + t]!, m3 = M[3 * s + t]!;
        const m4 = M[4 * s + t]!, m5 = M[5 * s + t]!, m6 = M[6 * s + t]!, m7 = M[7 * s + t]!;
        const m8 = M[8 * s + t]!, m9 = M[9 * s + t]!, m10 = M[10 * s + t]!, m11 = M[11 * s + t]!;
        const m12 = M[12 * s + t]!, m13 = M[13 * s + t]!, m14 = M[14 * s + t]!, m15 = M[15 * s + t]!;
        // rows of Aᵀ m
        const p0 = m0 + m4 + m8, p1 = m1 + m5 + m9, p2 = m2 + m6 + m10, p3 = m3 + m7 + m11;
        const q0 = m4 - m8 - m12, q1 = m5 - m9 - m13, q2 = m6 - m10 - m14, q3 = m7 - m11 - m15;
        const y = 2 * ty, x = 2 * tx, o = base + y * Wo + x;
        const right = x + 1 < Wo, down = y + 1 < Ho;
        out[o] = p0 + p1 + p2;
        if (right) out[o + 1] = p1 - p2 - p3;
        if (down) {
          out[o + Wo] = q0 + q1 + q2;
          if (right) out[o + Wo + 1] = q1 - q2 - q3;
        }
      }
    }
  }
}
