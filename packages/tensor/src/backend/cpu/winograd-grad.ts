import type { TypedArray } from '../../dtype';
import { gemm } from './matmul';
import { loadPlanes, take, type WinogradProblem, type WinogradScheme } from './conv-winograd';

/**
 * ∂L/∂W of a 3×3 stride-1 convolution by the transposed Winograd algorithm F(3×3, m×m): the weight
 * gradient correlates the padded input with δ, and splitting δ into m×m tiles E (with their (m+2)²
 * input tiles D) gives dW[o, c] = Σ_{n, tiles} Gᵀ[(A E Aᵀ) ⊙ (Bᵀ D B)]G, A = (Aᵀ)ᵀ — the forward
 * algorithm's matrices with the roles of filter and output swapped. The sum over tiles is again
 * (m+2)² matrix products, [out, tiles]·[tiles, in].
 */
export function winogradWeightGrad3x3(x: TypedArray, dy: TypedArray, p: WinogradProblem, dw: TypedArray, scheme: WinogradScheme): void {
  const { N, G, Cin, Cout, H, W, Ho, Wo } = p;
  const [ph, pw] = p.pad;
  const { m, a } = scheme, E = a * a;
  const th = Math.ceil(Ho / m), tw = Math.ceil(Wo / m), T = th * tw;
  const Wq = m * tw + 2, plane = (m * th + 2) * Wq;
  const Wd = m * tw, planeD = m * th * Wd;
  const sizes = [Cin * plane, E * Cin * T, Cout * planeD, E * Cout * T, E * Cout * Cin, Cout * Cin];
  const buf = take(sizes.reduce((s, n) => s + n, 0));
  let at = 0;
  const [xp, V, dyp, Ud, acc, part] = sizes.map((n) => buf.subarray(at, (at += n)));
  for (let g = 0; g < G; g++) {
    acc!.fill(0);
    for (let n = 0; n < N; n++) {
      loadPlanes(x, n, G * Cin, g * Cin, Cin, H, W, ph, pw, xp!, Wq, plane);
      scheme.input(xp!, Cin, th, tw, Wq, plane, V!, T);
      loadPlanes(dy, n, G * Cout, g * Cout, Cout, Ho, Wo, 0, 0, dyp!, Wd, planeD);
      transformDelta(dyp!, Cout, th, tw, Wd, planeD, Ud!, T, scheme);
      for (let e = 0; e < E; e++) {
        // part [Cout, Cin] = Ud_e [Cout, T] · V_eᵀ [T, Cin]
        gemm(Cout, Cin, T, Ud!, e * Cout * T, T, 1, V!, e * Cin * T, 1, T, part!, 0);
        const base = e * Cout * Cin;
        for (let i = 0; i < Cout * Cin; i++) acc![base + i] += part![i]!;
      }
    }
    transformGradient(acc!, Cout, Cin, dw, g, scheme);
  }
}

/** Ud[e, o, t] = (A E Aᵀ)[e] for the m×m tile E of δ at (m·ty, m·tx) (zero past the edge). */
function transformDelta(
  dyp: Float64Array, Cout: number, th: number, tw: number, Wd: number, planeD: number, Ud: Float64Array, T: number, sc: WinogradScheme,
): void {
  const { m, a, A } = sc, s = Cout * T;
  const tmp = new Float64Array(a * m);
  for (let o = 0; o < Cout; o++) {
    let t = o * T;
    for (let ty = 0; ty < th; ty++) {
      for (let tx = 0; tx < tw; tx++, t++) {
        const base = o * planeD + m * ty * Wd + m * tx;
        for (let k = 0; k < a; k++) {
          const Ak = A[k]!;
          for (let v = 0; v < m; v++) {
            let sum = 0;
            for (let u = 0; u < m; u++) sum += Ak[u]! * dyp[base + u * Wd + v]!;
            tmp[k * m + v] = sum;
          }
        }
        for (let k = 0; k < a; k++) {
          for (let l = 0; l < a; l++) {
            const Al = A[l]!;
            let sum = 0;
            for (let v = 0; v < m; v++) sum += tmp[k * m + v]! * Al[v]!;
            Ud[(k * a + l) * s + t] = sum;
          }
        }
      }
    }
  }
}

/** dW[g·Cout + o, c] = Gᵀ M G, M = acc[·, o, c] as an a×a matrix (also the WebAssembly kernels' last step). */
export function transformGradient(acc: Float64Array, Cout: number, Cin: number, dw: TypedArray, g: number, sc: WinogradScheme): void {
  const { a, Gt } = sc, s = Cout * Cin;
  const t = new Float64Array(3 * a);
  for (let o = 0; o < Cout; o++) {
    for (let c = 0; c < Cin; c++) {
      const at = o * Cin + c;
      for (let i = 0; i < 3; i++) {
        const Gi = Gt[i]!;
        for (let l = 0; l < a; l++) {
          let sum = 0;
          for (let k = 0; k < a; k++) sum += Gi[k]! * acc[(k * a + l) * s + at]!;
          t[i * a + l] = sum;
        }
      }
      const out = ((g * Cout + o) * Cin + c) * 9;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const Gj = Gt[j]!;
          let sum = 0;
          for (let l = 0; l < a; l++) sum += t[i * a + l]! * Gj[l]!;
          dw[out + i * 3 + j] = sum;
        }
      }
    }
  }
}
