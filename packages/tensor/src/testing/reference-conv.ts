import { numel, type Ref } from './reference';

/** Convolution and pooling written as their sums over windows, in float64, for the conformance suite. */
export interface ConvParams {
  stride: readonly [number, number];
  padding: readonly [number, number];
  dilation: readonly [number, number];
  groups: number;
}

export interface PoolParams {
  kernel: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [number, number];
  dilation?: readonly [number, number];
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number;
}

const convOut = (n: number, k: number, s: number, p: number, d: number) => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

/** PyTorch's pooling output size: with ceil mode, the last window must start inside input or left padding. */
export function poolOut(n: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = n + 2 * p - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= n + p) out--;
  return out;
}

/**
 * Visits every (output, input, weight) triple of a grouped, strided, dilated, zero-padded cross-correlation:
 * conv2d and both of its backward kernels are this one loop nest with different accumulations.
 */
function forEachTap(
  xShape: readonly number[], wShape: readonly number[], p: ConvParams,
  visit: (yi: number, xi: number, wi: number) => void,
): number[] {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const [O, Cg, kh, kw] = wShape as [number, number, number, number];
  const Ho = convOut(H, kh, p.stride[0], p.padding[0], p.dilation[0]);
  const Wo = convOut(W, kw, p.stride[1], p.padding[1], p.dilation[1]);
  const Og = O / p.groups;
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) {
    const yi = ((n * O + o) * Ho + oy) * Wo + ox;
    const g = Math.floor(o / Og);
    for (let c = 0; c < Cg; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const y = oy * p.stride[0] - p.padding[0] + i * p.dilation[0];
      const x = ox * p.stride[1] - p.padding[1] + j * p.dilation[1];
      if (y < 0 || y >= H || x < 0 || x >= W) continue;
      visit(yi, ((n * C + g * Cg + c) * H + y) * W + x, ((o * Cg + c) * kh + i) * kw + j);
    }
  }
  return [N, O, Ho, Wo];
}

export function conv2d(x: Ref, w: Ref, p: ConvParams): Ref {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, , kh, kw] = w.shape as [number, number, number, number];
  const shape = [N, O, convOut(H, kh, p.stride[0], p.padding[0], p.dilation[0]), convOut(W, kw, p.stride[1], p.padding[1], p.dilation[1])];
  const out = new Float64Array(numel(shape));
  forEachTap([N, C, H, W], w.shape, p, (yi, xi, wi) => (out[yi] += x.data[xi]! * w.data[wi]!));
  return { shape, data: out };
}

/** The adjoint of conv2d in its input: dx = Σ dy·w over the taps that read each input pixel. */
export function conv2dBackwardInput(dy: Ref, w: Ref, p: ConvParams, xShape: readonly number[]): Ref {
  const out = new Float64Array(numel(xShape));
  forEachTap(xShape, w.shape, p, (yi, xi, wi) => (out[xi] += dy.data[yi]! * w.data[wi]!));
  return { shape: [...xShape], data: out };
}

/** The adjoint of conv2d in its weight: dw = Σ dy·x over every output position. */
export function conv2dBackwardWeight(x: Ref, dy: Ref, p: ConvParams, wShape: readonly number[]): Ref {
  const out = new Float64Array(numel(wShape));
  forEachTap(x.shape, wShape, p, (yi, xi, wi) => (out[wi] += dy.data[yi]! * x.data[xi]!));
  return { shape: [...wShape], data: out };
}

/** Visits every pooling window: its output index, and the in-bounds input pixels (flat y·W + x per plane). */
function forEachWindow(
  xShape: readonly number[], p: PoolParams,
  visit: (o: number, plane: number, pixels: number[], y0: number, x0: number) => void,
): number[] {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const [kh, kw] = p.kernel, [sh, sw] = p.stride, [ph, pw] = p.padding, [dh, dw] = p.dilation ?? [1, 1];
  const Ho = poolOut(H, kh, sh, ph, dh, p.ceilMode ?? false);
  const Wo = poolOut(W, kw, sw, pw, dw, p.ceilMode ?? false);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++, o++) {
    const y0 = oy * sh - ph, x0 = ox * sw - pw;
    const pixels: number[] = [];
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const y = y0 + i * dh, x = x0 + j * dw;
      if (y >= 0 && y < H && x >= 0 && x < W) pixels.push(y * W + x);
    }
    visit(o, plane, pixels, y0, x0);
  }
  return [N, C, Ho, Wo];
}

/** Max pooling values and the flat H·W position of each window's first maximum (NaN wins). */
export function maxPool2d(x: Ref, p: PoolParams): { out: Ref; indices: Ref } {
  const [, , H, W] = x.shape as [number, number, number, number];
  const vals: number[] = [], idxs: number[] = [];
  const shape = forEachWindow(x.shape, p, (_o, plane, pixels) => {
    let best = -Infinity, bi = -1;
    for (const q of pixels) {
      const v = x.data[plane * H * W + q]!;
      if (bi < 0 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) [best, bi] = [v, q];
    }
    vals.push(best);
    idxs.push(bi);
  });
  return { out: { shape, data: Float64Array.from(vals) }, indices: { shape, data: Float64Array.from(idxs) } };
}

/** The divisor of one average-pooling window, as PyTorch defines it. */
function divisor(p: PoolParams, y0: number, x0: number, H: number, W: number, inside: number): number {
  if (p.divisorOverride) return p.divisorOverride;
  if (!(p.countIncludePad ?? true)) return inside;
  // the padded border counts, the ceil-mode overhang beyond it does not
  const ye = Math.min(y0 + p.kernel[0], H + p.padding[0]), xe = Math.min(x0 + p.kernel[1], W + p.padding[1]);
  return (ye - y0) * (xe - x0);
}

export function avgPool2d(x: Ref, p: PoolParams): Ref {
  const [, , H, W] = x.shape as [number, number, number, number];
  const vals: number[] = [];
  const shape = forEachWindow(x.shape, p, (_o, plane, pixels, y0, x0) => {
    const s = pixels.reduce((acc, q) => acc + x.data[plane * H * W + q]!, 0);
    vals.push(s / divisor(p, y0, x0, H, W, pixels.length));
  });
  return { shape, data: Float64Array.from(vals) };
}

/** The adjoint of avgPool2d: each window's gradient shared over the pixels it averaged. */
export function avgPool2dBackward(dy: Ref, p: PoolParams, xShape: readonly number[]): Ref {
  const [, , H, W] = xShape as [number, number, number, number];
  const out = new Float64Array(numel(xShape));
  forEachWindow(xShape, p, (o, plane, pixels, y0, x0) => {
    const g = dy.data[o]! / divisor(p, y0, x0, H, W, pixels.length);
    for (const q of pixels) out[plane * H * W + q] += g;
  });
  return { shape: [...xShape], data: out };
}
