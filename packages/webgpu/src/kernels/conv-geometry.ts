import { DTypeError, type Conv2dSpec, type View } from '@dnn/tensor';
import { wgslType } from '../dtypes';
import type { Meta } from '../program';
import { gemmMeta } from './gemm';

/** A convolution's geometry, in the order `geometry` names it. */
export function geometryValues(xs: readonly number[], ws: readonly number[], ys: readonly number[], s: Conv2dSpec): number[] {
  return [xs[1]!, xs[2]!, xs[3]!, ws[0]!, ws[1]!, ws[2]!, ws[3]!, ys[2]!, ys[3]!,
    s.stride[0], s.stride[1], s.padding[0], s.padding[1], s.dilation[0], s.dilation[1], s.groups];
}

/** The words of a convolution's geometry, in the order `geometry` names them; returns where they start. */
export function pushGeometry(meta: Meta, xs: readonly number[], ws: readonly number[], ys: readonly number[], s: Conv2dSpec): number {
  return meta.push(...geometryValues(xs, ws, ys, s));
}

/** Shared meta: geometry, then each operand's view (offset and 4 strides). */
export function convMeta(
  M: number, N: number, K: number, xs: readonly number[], ws: readonly number[], ys: readonly number[], s: Conv2dSpec,
  views: readonly View<GPUBuffer>[],
) {
  const meta = gemmMeta(M, N, K);
  const geo = pushGeometry(meta, xs, ws, ys, s);
  const at = views.map((v) => meta.view(v.offset, v.strides));
  const values = geometryValues(xs, ws, ys, s);
  return { meta, geo, at, values, shapeKey: values.join('.') };
}

/**
 * WGSL functions naming the geometry (C, H, W of x; O, Cg, KH, KW of w; Ho, Wo; stride, pad, dilation,
 * groups): the meta words at `geo`, or, given the `values`, constants compiled into the kernel (its key
 * must then include them), which turns the loaders' many divisions by KW, Wo, … into multiplications.
 */
export function geometry(geo: number, values?: readonly number[]): string {
  const names = ['C', 'H', 'W', 'O', 'CG', 'KH', 'KW', 'HO', 'WO', 'SH', 'SW', 'PH', 'PW', 'DH', 'DW', 'G'];
  return names.map((n, i) => `fn ${n}() -> i32 { return ${values ? `${values[i]}` : `params[${geo + i}]`}; }`).join('\n');
}

/** WGSL: element (a, b, c, d) of the 4-D view whose meta starts at `at`. */
export const at4 = (buf: string, at: number, a: string, b: string, c: string, d: string) =>
  `${buf}[u32(params[${at}] + (${a}) * params[${at + 1}] + (${b}) * params[${at + 2}] + (${c}) * params[${at + 3}] + (${d}) * params[${at + 4}])]`;

/** The storage type of the operands: f32, or f16 (all of them) where `half` allows it. */
export function checkFloat(views: readonly View<GPUBuffer>[], op: string, half = false): 'f32' | 'f16' {
  const elem = views[0] && half && views[0].dtype === 'float16' ? 'f16' : 'f32';
  for (const v of views) {
    if (wgslType(v.dtype, op) !== elem) throw new DTypeError(`${op}: expected ${elem === 'f16' ? 'float16' : 'float32'} tensors, got ${v.dtype}`);
  }
  return elem;
}

/** The two inputs and the output, of storage type `elem`; the second input bound as vec4s when `bVec4`. */
export const BINDINGS = (a: string, b: string, bVec4 = false, elem: 'f32' | 'f16' = 'f32') => [
  { name: a, type: elem, access: 'read' as const },
  { name: b, type: bVec4 ? (`vec4<${elem}>` as const) : elem, access: 'read' as const },
  { name: 'out', type: elem, access: 'read_write' as const },
];

/** (c, i, j) of a flattened filter index k (a u32) = (c·KH + i)·KW + j, as i32s (unsigned division: cheaper by a constant). */
export const SPLIT_TAP = (k: string) => `
  let j = i32(${k} % u32(KW()));
  let i = i32((${k} / u32(KW())) % u32(KH()));
  let c = i32(${k} / u32(KW() * KH()));`;
