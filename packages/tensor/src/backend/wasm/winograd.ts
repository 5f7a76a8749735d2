import type { Conv2dSpec } from '../contract';
import { lines } from './operand';
import type { Runtime } from './runtime';
import { runTask } from './threads';
import { F2x2 } from '../cpu/conv-winograd';

const TASK_WINOGRAD = 11, TASK_WINOGRAD_WEIGHT_GRAD = 12;
/**
 * Tiles per part at 64 channels: V and M of a part (16·64·T floats each) then stay in L2. With fewer
 * channels a part takes more tiles (the same C·T), so the 16 GEMMs, whose inner dimension is C, get
 * wider and pay their packing less often.
 */
const TARGET_TILE_CHANNELS = 64 * 64;

export interface WinogradShape {
  N: number; C: number; H: number; W: number; K: number; Ho: number; Wo: number;
}

/**
 * Where F(2×2, 3×3) beats the im2col GEMM: a stride-1, undilated 3×3 kernel of one group with enough
 * channels for its 16 GEMMs to run near peak. Measured forward, one thread, batch 64: 32 channels on
 * 16×16 maps 8.0 vs 9.8 ms, 64 on 8×8 7.2 vs 8.7 ms, 64 on 56×56 (batch 32) 126 vs 204 ms. At
 * ResNet-20's shapes (batch 128, CPU time of forward / input gradient / weight gradient), with parts
 * of whole images side by side: 16 channels on 28×28 15.7 / 15.6 / 15.2 vs 17.1 / 17.4 / 17.6 ms
 * (a part of 16-channel tiles is a whole image, so its GEMMs are wide enough), 64 on 7×7
 * 10.7 / 11.1 / 12.5 vs 12.7 / 14.1 / 13.5 ms (the last tile column half empty).
 */
export function winogradApplies(spec: Conv2dSpec, kh: number, kw: number, C: number, K: number, Wo: number): boolean {
  return kh === 3 && kw === 3 && spec.groups === 1 && spec.stride[0] === 1 && spec.stride[1] === 1
    && spec.dilation[0] === 1 && spec.dilation[1] === 1 && C >= 16 && K >= 16 && Wo >= 7;
}

/**
 * U_ξ = G g Gᵀ for every (k, c), laid out [16, K, C] as the task's GEMMs read it, from w [K, C, 3, 3]:
 * the TypeScript kernels' transform (in float64; G has halves, the method's only inexact entries).
 */
export function winogradWeights(w: Float32Array, K: number, C: number): Float32Array {
  const u = new Float64Array(16 * K * C);
  F2x2.weights((_, k, c, i, j) => w[((k * C + c) * 3 + i) * 3 + j]!, 0, K, C, u);
  return Float32Array.from(u);
}

/**
 * 2×2 tiles, in blocks of four along x, in runs of rows of about `target` tiles; where a whole image
 * is fewer tiles than that, runs of whole images side by side (ResNet's 14×14 and 7×7 maps).
 */
function tiling(s: WinogradShape, channels: number): { tilesY: number; blocks: number; rowsPerPart: number; images: number; T: number } {
  const target = Math.max(64, Math.round(TARGET_TILE_CHANNELS / channels));
  const tilesY = Math.ceil(s.Ho / 2), blocks = Math.ceil(Math.ceil(s.Wo / 2) / 4);
  const rowsPerPart = Math.max(1, Math.min(tilesY, Math.round(target / (4 * blocks))));
  const images = rowsPerPart < tilesY ? 1 : Math.max(1, Math.min(s.N, Math.round(target / (4 * blocks * tilesY))));
  return { tilesY, blocks, rowsPerPart, images, T: 4 * blocks * rowsPerPart * images };
}

/**
 * out = conv2d(x, w) by F(2×2, 3×3) (wat/winograd.wat) with x, U (winogradWeights) and out at heap byte
 * addresses. Parts are runs of tile rows of one image, so any thread count computes the same bits.
 * False when the workspace does not fit.
 */
export function runWinograd(rt: Runtime, s: WinogradShape, pad: readonly [number, number], x: number, u: number, out: number, threads: number): boolean {
  const { tilesY, blocks, rowsPerPart, images, T } = tiling(s, Math.max(s.C, s.K));
  const partsPerImage = Math.ceil(tilesY / rowsPerPart);
  const parts = Math.ceil(s.N / images) * partsPerImage;
  const padded = 4 * s.C * (2 * rowsPerPart + 2) * (8 * blocks + 2);
  const wsStride = lines(padded + 64 + 64 * s.C * T + 64 * s.K * T + 2048 + rt.kernels.gemm_workspace());
  const t = Math.max(1, Math.min(threads, parts));
  const heap = rt.heap;
  const ws = heap.alloc(wsStride * t);
  const desc = heap.words([
    TASK_WINOGRAD, s.N, s.C, s.H, s.W, s.K, s.Ho, s.Wo, pad[0], pad[1], tilesY, blocks, rowsPerPart, partsPerImage,
    x, u, out, ws ?? 0, wsStride, images,
  ]);
  if (ws === null || desc === null) return false;
  runTask(rt, desc, parts, t);
  return true;
}

/**
 * dW [K, C, 3, 3] of out = conv2d(x, w) from dy at heap byte addresses: per part of a fixed number of
 * images (set by the shape, never the thread count) dU_ξ = Σ D_ξ·V_ξᵀ, the partials added in part
 * order, then dW = Gᵀ dU G in float64. Null when the workspace does not fit.
 */
export function winogradWeightGrad(rt: Runtime, s: WinogradShape, pad: readonly [number, number], x: number, dy: number, threads: number): Float32Array | null {
  const { tilesY, blocks, rowsPerPart, images, T } = tiling(s, Math.max(s.C, s.K));
  const imagesPerPart = Math.max(1, Math.ceil(s.N / 16));
  const parts = Math.ceil(s.N / imagesPerPart);
  const size = 16 * s.K * s.C;
  const padded = 4 * s.C * (2 * rowsPerPart + 2) * (8 * blocks + 2), dyRows = 4 * s.K * 2 * rowsPerPart * 8 * blocks;
  const wsStride = lines(padded + 64 + dyRows + 64 + 64 * s.C * T + 64 * s.K * T + 2048 + rt.kernels.gemm_workspace());
  const t = Math.max(1, Math.min(threads, parts));
  const heap = rt.heap;
  const partials = heap.alloc(4 * size * parts), dU = heap.alloc(4 * size), ws = heap.alloc(wsStride * t);
  const desc = heap.words([
    TASK_WINOGRAD_WEIGHT_GRAD, s.N, s.C, s.H, s.W, s.K, s.Ho, s.Wo, pad[0], pad[1], tilesY, blocks, rowsPerPart, imagesPerPart,
    x, dy, partials ?? 0, ws ?? 0, wsStride, Math.min(images, imagesPerPart),
  ]);
  if (partials === null || dU === null || ws === null || desc === null) return null;
  runTask(rt, desc, parts, t);
  rt.kernels.sum_parts(partials, parts, size, dU);
  return gradientTransform(heap.f32, dU >> 2, s.K, s.C);
}

/**
 * dW [K, C, 3, 3] = Gᵀ dU_kc G for every (k, c), dU [16, K, C] at f32[at…], in float64: the TypeScript
 * kernels' transformGradient with G's rows written out (Gᵀ rows (1, ½, ½, 0), (0, ½, −½, 0), (0, ½, ½, 1)),
 * the same sums in the same order, without its generic loops or a float64 copy of dU.
 */
function gradientTransform(f32: Float32Array, at: number, K: number, C: number): Float32Array {
  const dw = new Float32Array(K * C * 9), s = K * C, t = new Float64Array(12);
  for (let kc = 0; kc < s; kc++) {
    const u = at + kc;
    // t = Gᵀ dU (3×4), column l from dU's rows (ξ = 4r + l)
    for (let l = 0; l < 4; l++) {
      const u0 = f32[u + l * s]!, u1 = f32[u + (4 + l) * s]!, u2 = f32[u + (8 + l) * s]!, u3 = f32[u + (12 + l) * s]!;
      t[l] = u0 + 0.5 * u1 + 0.5 * u2;
      t[4 + l] = 0.5 * u1 - 0.5 * u2;
      t[8 + l] = 0.5 * u1 + 0.5 * u2 + u3;
    }
    // dW = t G (3×3)
    for (let i = 0; i < 3; i++) {
      const t0 = t[4 * i]!, t1 = t[4 * i + 1]!, t2 = t[4 * i + 2]!, t3 = t[4 * i + 3]!, o = 9 * kc + 3 * i;
      dw[o] = t0 + 0.5 * t1 + 0.5 * t2;
      dw[o + 1] = 0.5 * t1 - 0.5 * t2;
      dw[o + 2] = 0.5 * t1 + 0.5 * t2 + t3;
    }
  }
  return dw;
}
