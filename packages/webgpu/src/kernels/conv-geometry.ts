import { DTypeError, type Conv2dSpec, type View } from '@dnn/tensor';
import { wgslType } from '../dtypes';
import type { Meta } from '../program';
import { gemmMeta } from './gemm';

/** The words of a convolution's geometry, in the order `geometry` names them; returns where they start. */
export function pushGeometry(meta: Meta, xs: readonly number[], ws: readonly number[], ys: readonly number[], s: Conv2dSpec): number {
  return meta.push(xs[1]!, xs[2]!, xs[3]!, ws[0]!, ws[1]!, ws[2]!, ws[3]!, ys[2]!, ys[3]!,
    s.stride[0], s.stride[1], s.padding[0], s.padding[1], s.dilation[0], s.dilation[1], s.groups);
}

/** Shared meta: geometry, then each operand's view (offset and 4 strides). */
export function convMeta(
  M: number, N: number, K: number, xs: readonly number[], ws: readonly number[], ys: readonly number[], s: Conv2dSpec,
  views: readonly View<GPUBuffer>[],
) {
  const meta = gemmMeta(M, N, K);
  const geo = pushGeometry(meta, xs, ws, ys, s);
  const at = views.map((v) => meta.view(v.offset, v.strides));
  return { meta, geo, at };
}

/** WGSL constants naming the geometry words (C, H, W of x; O, Cg, KH, KW of w; Ho, Wo; stride, pad, dilation, groups). */
export function geometry(geo: number): string {
  const names = ['C', 'H', 'W', 'O', 'CG', 'KH', 'KW', 'HO', 'WO', 'SH', 'SW', 'PH', 'PW', 'DH', 'DW', 'G'];
  return names.map((n, i) => `fn ${n}() -> i32 { return params[${geo + i}]; }`).join('\n');
}

/** WGSL: element (a, b, c, d) of the 4-D view whose meta starts at `at`. */
export const at4 = (buf: string, at: number, a: string, b: string, c: string, d: string) =>
  `${buf}[u32(params[${at}] + (${a}) * params[${at + 1}] + (${b}) * params[${at + 2}] + (${c}) * params[${at + 3}] + (${d}) * params[${at + 4}])]`;

export function checkFloat(views: readonly View<GPUBuffer>[], op: string): void {
  for (const v of views) {
    if (wgslType(v.dtype, op) !== 'f32') throw new DTypeError(`${op}: expected float32 tensors, got ${v.dtype}`);
  }
}

export const BINDINGS = (a: string, b: string) => [
  { name: a, type: 'f32' as const, access: 'read' as const },
  { name: b, type: 'f32' as const, access: 'read' as const },
  { name: 'out', type: 'f32' as const, access: 'read_write' as const },
];

/** (c, i, j) of a flattened filter index k = (c·KH + i)·KW + j, as i32s. */
export const SPLIT_TAP = (k: string) => `
  let j = i32(${k}) % KW();
  let i = (i32(${k}) / KW()) % KH();
  let c = i32(${k}) / (KW() * KH());`;
