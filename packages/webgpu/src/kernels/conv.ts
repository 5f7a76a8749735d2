import type { Conv2dSpec, View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT, bufferBytes } from '../dtypes';
import { HALF_DENSE_STORE } from '../half';
import { numel } from '@dnn/tensor/backend';
import { MAX_GROUPS } from '../program';
import { at4, BINDINGS, checkFloat, convMeta, geometry, SPLIT_TAP } from './conv-geometry';
import { backwardInputByColumns, useColumns } from './conv-columns';
import { runGemm } from './gemm';

/**
 * Convolutions as implicit GEMMs over the shared tiling of gemm.ts: the im2col matrix is never
 * materialized, each staged element is computed from its (channel, tap, pixel) coordinates instead.
 * Per group g and image n (one GEMM batch b = n·G + g):
 *   forward:         out[n, g·Og + m, p]  = Σ_{c,i,j} w[g·Og + m, c, i, j] · x[n, g·Cg + c, tap(p, i, j)]
 *   input gradient:  dx[n, g·Cg + c, q]   = Σ_{m,i,j} w[g·Og + m, c, i, j] · dy[n, g·Og + m, q ← (i, j)]
 *   weight gradient: dw[g·Og + m, (c,i,j)] = Σ_{n,p} dy[n, g·Og + m, p] · x[n, g·Cg + c, tap(p, i, j)]
 * All three outputs are laid out exactly as the GEMM writes them, so no reordering pass is needed.
 * A forward pass with small images (Ho·Wo < 64: LeNet's C5 is 1×1) folds the images into the GEMM's
 * columns instead, (n, p) → column n·Ho·Wo + p, and stores each value at its NCHW place: one GEMM of
 * Nb·Ho·Wo columns keeps the tiles full where Nb GEMMs of Ho·Wo columns would be mostly padding.
 * The input gradient of a convolution whose output is smaller than its input goes through columns
 * instead (conv-columns.ts).
 */

export function conv2d(ctx: GpuContext, x: View<GPUBuffer>, w: View<GPUBuffer>, s: Conv2dSpec, outShape: readonly number[]): GPUBuffer {
  // float16 operands (elem f16) are read as f32 and accumulated in f32; the output is rounded to half
  const elem = checkFloat([x, w], 'conv2d', true);
  const [Nb, O, Ho, Wo] = outShape as [number, number, number, number];
  const out = ctx.alloc(bufferBytes(x.dtype, numel(outShape)), 'conv2d');
  const [, Cg, KH, KW] = w.shape as [number, number, number, number];
  const G = s.groups;
  if (Ho * Wo < FOLD_BELOW && Nb > 1 && Nb * Ho * Wo <= MAX_GROUPS * 16) {
    const m = convMeta(O / G, Nb * Ho * Wo, Cg * KH * KW, x.shape, w.shape, outShape, s, [x, w]);
    conv2dFolded(ctx, { G, M: O / G, N: Nb * Ho * Wo, K: Cg * KH * KW }, m, [x.buffer, w.buffer, out], w, elem);
    return out;
  }
  const { meta, geo, at, values, shapeKey } = convMeta(O / G, Ho * Wo, Cg * KH * KW, x.shape, w.shape, outShape, s, [x, w]);
  const wVec = filtersByRows(w);
  // four pixels of one output row per staged vec4: the tap and row tests are shared by the four
  const xVec = Wo % 4 === 0;
  runGemm(ctx, {
    key: `conv2d:${elem}:${shapeKey}:${wVec ? 'w4' : 'w'}${xVec ? 'x4' : 'x'}`, type: 'f32', bindings: BINDINGS('x', 'w', wVec, elem),
    M: O / G, N: Ho * Wo, K: Cg * KH * KW, batch: Nb * G, meta, vec4: { a: wVec, b: xVec }, colSetup: true,
    store: elem === 'f16' ? HALF_DENSE_STORE : undefined,
    helpers: () => `${geometry(geo, values)}
var<private> g: i32;
var<private> xBase: i32;
var<private> xStride: vec3<i32>;
var<private> y0: i32;
var<private> x0: i32;
fn prepare(batch: u32) {
  let n = i32(batch) / G();
  g = i32(batch) % G();
  xBase = params[${at[0]!}] + n * params[${at[0]! + 1}] + g * CG() * params[${at[0]! + 2}];
  xStride = vec3<i32>(params[${at[0]! + 2}], params[${at[0]! + 3}], params[${at[0]! + 4}]);
}
${filterLoader(wVec, at[1]!, 'g * (O() / G()) + i32(m)')}
// the top-left input pixel of output pixel p, once per thread
fn setupCol(batch: u32, p: u32) {
  y0 = (i32(p) / WO()) * SH() - PH();
  x0 = (i32(p) % WO()) * SW() - PW();
}
fn loadB(batch: u32, k: u32, p: u32) -> f32 {${SPLIT_TAP('k')}
  let y = y0 + i * DH();
  let xx = x0 + j * DW();
  if (y < 0 || y >= H() || xx < 0 || xx >= W()) { return 0.0; }
  return f32(x[u32(xBase + c * xStride.x + y * xStride.y + xx * xStride.z)]);
}
// pixels p..p+3 (p a multiple of 4, Wo too: one output row) at tap k
fn loadB4(batch: u32, k: u32, p: u32) -> vec4<f32> {${SPLIT_TAP('k')}
  let y = y0 + i * DH();
  var v = vec4<f32>(0.0);
  if (y < 0 || y >= H()) { return v; }
  let row = xBase + c * xStride.x + y * xStride.y;
  let xx = x0 + j * DW();
  for (var e = 0; e < 4; e++) {
    let xe = xx + e * SW();
    if (xe >= 0 && xe < W()) { v[e] = f32(x[u32(row + xe * xStride.z)]); }
  }
  return v;
}`,
  }, [x.buffer, w.buffer, out]);
  return out;
}

/** Whether the filters w [O, Cg, KH, KW] are rows of Cg·KH·KW contiguous floats read as vec4s (needs K % 4 = 0, 4-aligned). */
function filtersByRows(w: View<GPUBuffer>): boolean {
  const [O, Cg, KH, KW] = w.shape as [number, number, number, number];
  const rowLen = Cg * KH * KW;
  const dense = w.strides[3] === 1 && w.strides[2] === KW && w.strides[1] === KH * KW && (O === 1 || w.strides[0] === rowLen);
  return dense && rowLen % 4 === 0 && w.offset % 4 === 0;
}

/** loadA (or loadA4) of the forward GEMMs: filter `filter` (a WGSL i32), tap k. */
function filterLoader(vec: boolean, at: number, filter: string): string {
  if (vec) return `fn loadA4(batch: u32, m: u32, k: u32) -> vec4<f32> {
  return vec4<f32>(w[u32(params[${at}] + (${filter}) * CG() * KH() * KW() + i32(k)) / 4u]);
}`;
  return `fn loadA(batch: u32, m: u32, k: u32) -> f32 {${SPLIT_TAP('k')}
  return f32(${at4('w', at, filter, 'c', 'i', 'j')});
}`;
}

/** Output pixels per image below which the forward GEMM folds the images into its columns. */
const FOLD_BELOW = 64;

/** The forward GEMM over columns (n, p) of all images at once: batch = group, N = Nb·Ho·Wo. */
function conv2dFolded(
  ctx: GpuContext, d: { G: number; M: number; N: number; K: number },
  { meta, geo, at, values, shapeKey }: ReturnType<typeof convMeta>, buffers: readonly GPUBuffer[], w: View<GPUBuffer>,
  elem: 'f32' | 'f16',
): void {
  const wVec = filtersByRows(w);
  runGemm(ctx, {
    key: `conv2dFolded:${elem}:${shapeKey}:${wVec ? 'w4' : 'w'}`, type: 'f32', bindings: BINDINGS('x', 'w', wVec, elem),
    M: d.M, N: d.N, K: d.K, batch: d.G, meta, vec4: { a: wVec, b: false }, colSetup: true,
    helpers: () => `${geometry(geo, values)}
var<private> n: i32;
var<private> y0: i32;
var<private> x0: i32;
fn prepare(g: u32) {}
${filterLoader(wVec, at[1]!, 'i32(batch) * (O() / G()) + i32(m)')}
// the image and top-left input pixel of column (n, p)
fn setupCol(g: u32, col: u32) {
  n = i32(col) / (HO() * WO());
  let p = i32(col) % (HO() * WO());
  y0 = (p / WO()) * SH() - PH();
  x0 = (p % WO()) * SW() - PW();
}
fn loadB(g: u32, k: u32, col: u32) -> f32 {${SPLIT_TAP('k')}
  let y = y0 + i * DH();
  let xx = x0 + j * DW();
  if (y < 0 || y >= H() || xx < 0 || xx >= W()) { return 0.0; }
  return f32(${at4('x', at[0]!, 'n', 'i32(g) * CG() + c', 'y', 'xx')});
}`,
    store: `
fn store(g: u32, m: u32, col: u32, v: f32) {
  let n = col / u32(HO() * WO());
  let p = col % u32(HO() * WO());
  out[(n * u32(O()) + g * u32(O() / G()) + m) * u32(HO() * WO()) + p] = ${elem === 'f16' ? 'toHalf(v)' : 'v'};
}`,
  }, buffers);
}

export function conv2dBackwardInput(
  ctx: GpuContext, dy: View<GPUBuffer>, w: View<GPUBuffer>, s: Conv2dSpec, xShape: readonly number[],
): GPUBuffer {
  checkFloat([dy, w], 'conv2dBackwardInput');
  const [Nb, , H, W] = xShape as [number, number, number, number];
  const [O, Cg, KH, KW] = w.shape as [number, number, number, number];
  const G = s.groups;
  if (useColumns(xShape, dy.shape, w.shape)) return backwardInputByColumns(ctx, dy, w, s, xShape);
  const out = ctx.alloc(numel(xShape) * BYTES_PER_ELEMENT, 'conv2dBackwardInput');
  const { meta, geo, at, values, shapeKey } = convMeta(Cg, H * W, (O / G) * KH * KW, xShape, w.shape, dy.shape, s, [dy, w]);
  runGemm(ctx, {
    key: `conv2dBackwardInput:${shapeKey}`, type: 'f32', bindings: BINDINGS('dy', 'w'),
    M: Cg, N: H * W, K: (O / G) * KH * KW, batch: Nb * G, meta,
    helpers: () => `${geometry(geo, values)}
fn prepare(batch: u32) {}
// k = (m·KH + i)·KW + j runs over this group's output channels and filter taps
fn loadA(batch: u32, c: u32, k: u32) -> f32 {
  let g = i32(batch) % G();
  let j = i32(k) % KW();
  let i = (i32(k) / KW()) % KH();
  let m = i32(k) / (KW() * KH());
  return ${at4('w', at[1]!, 'g * (O() / G()) + m', 'i32(c)', 'i', 'j')};
}
// input pixel q receives dy at the output pixel whose tap (i, j) lands on it, if that pixel exists
fn loadB(batch: u32, k: u32, q: u32) -> f32 {
  let n = i32(batch) / G();
  let g = i32(batch) % G();
  let j = i32(k) % KW();
  let i = (i32(k) / KW()) % KH();
  let m = i32(k) / (KW() * KH());
  let ty = i32(q) / W() + PH() - i * DH();
  let tx = i32(q) % W() + PW() - j * DW();
  if (ty < 0 || tx < 0 || ty % SH() != 0 || tx % SW() != 0) { return 0.0; }
  let oy = ty / SH();
  let ox = tx / SW();
  if (oy >= HO() || ox >= WO()) { return 0.0; }
  return ${at4('dy', at[0]!, 'n', 'g * (O() / G()) + m', 'oy', 'ox')};
}`,
  }, [dy.buffer, w.buffer, out]);
  return out;
}

export function conv2dBackwardWeight(
  ctx: GpuContext, x: View<GPUBuffer>, dy: View<GPUBuffer>, s: Conv2dSpec, wShape: readonly number[],
): GPUBuffer {
  checkFloat([x, dy], 'conv2dBackwardWeight');
  const [Nb, , Ho, Wo] = dy.shape as [number, number, number, number];
  const [O, Cg, KH, KW] = wShape as [number, number, number, number];
  const G = s.groups;
  const out = ctx.alloc(numel(wShape) * BYTES_PER_ELEMENT, 'conv2dBackwardWeight');
  const { meta, geo, at, values, shapeKey } = convMeta(O / G, Cg * KH * KW, Nb * Ho * Wo, x.shape, wShape, dy.shape, s, [x, dy]);
  runGemm(ctx, {
    key: `conv2dBackwardWeight:${shapeKey}`, type: 'f32', bindings: BINDINGS('x', 'dy'),
    M: O / G, N: Cg * KH * KW, K: Nb * Ho * Wo, batch: G, meta,
    helpers: () => `${geometry(geo, values)}
fn prepare(batch: u32) {}
// k = (n·Ho + oy)·Wo + ox runs over every image and output pixel
fn loadA(g: u32, m: u32, k: u32) -> f32 {
  let ox = i32(k) % WO();
  let oy = (i32(k) / WO()) % HO();
  let n = i32(k) / (WO() * HO());
  return ${at4('dy', at[1]!, 'n', 'i32(g) * (O() / G()) + i32(m)', 'oy', 'ox')};
}
fn loadB(g: u32, k: u32, col: u32) -> f32 {
  let ox = i32(k) % WO();
  let oy = (i32(k) / WO()) % HO();
  let n = i32(k) / (WO() * HO());${SPLIT_TAP('col')}
  let y = oy * SH() - PH() + i * DH();
  let xx = ox * SW() - PW() + j * DW();
  if (y < 0 || y >= H() || xx < 0 || xx >= W()) { return 0.0; }
  return ${at4('x', at[0]!, 'n', 'i32(g) * CG() + c', 'y', 'xx')};
}`,
  }, [x.buffer, dy.buffer, out]);
  return out;
}
