import { DTypeError, type DType, type View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { bufferBytes, wgslType } from '../dtypes';
import { HALF_DENSE_STORE } from '../half';
import { collapse } from '../layout';
import { numel } from '@dnn/tensor/backend';
import { gemmMeta, runGemm } from './gemm';

/**
 * Batched matmul of strided views a [...batch, M, K] and b [...batch, K, N]: transposed or broadcast
 * operands are read in place through their strides, never copied first.
 */
export function matmul(ctx: GpuContext, a: View<GPUBuffer>, b: View<GPUBuffer>, outDtype: DType): GPUBuffer {
  const storage = wgslType(outDtype, 'matmul');
  if (storage === 'u32') throw new DTypeError('matmul: bool matrices are not supported; cast to float32 or int32');
  // float16 operands are read as f32 and accumulated in f32; only the stored result is rounded to half
  const type = storage === 'f16' ? 'f32' : storage;
  const r = a.shape.length;
  const M = a.shape[r - 2]!, K = a.shape[r - 1]!, N = b.shape[r - 1]!;
  const batchShape = a.shape.slice(0, r - 2);
  const batch = numel(batchShape);
  const out = ctx.alloc(bufferBytes(outDtype, batch * M * N), 'matmul');
  if (batch * M * N === 0) return out;
  const c = collapse(batchShape, [a.strides.slice(0, r - 2), b.strides.slice(0, r - 2)]);
  const bRank = c.shape.length;
  const meta = gemmMeta(M, N, K);
  const shapeAt = meta.push(...c.shape);
  const aView = meta.view(a.offset, c.strides[0]!);
  const bView = meta.view(b.offset, c.strides[1]!);
  const aMat = meta.push(a.strides[r - 2]!, a.strides[r - 1]!);
  const bMat = meta.push(b.strides[r - 2]!, b.strides[r - 1]!);
  const aType = wgslType(a.dtype, 'matmul'), bType = wgslType(b.dtype, 'matmul');
  // rows read as vec4s: unit inner stride, and every row start a multiple of 4 (so K, resp. N, is too)
  const aligned = (v: View<GPUBuffer>, batchStrides: readonly number[], inner: number): boolean =>
    v.strides[r - 1] === 1 && inner % 4 === 0 && v.offset % 4 === 0 && v.strides[r - 2]! % 4 === 0 && batchStrides.every((st) => st % 4 === 0);
  const vecA = aligned(a, c.strides[0]!, K), vecB = aligned(b, c.strides[1]!, N);
  const base = (view: number) => (bRank === 0 ? `params[${view}]` : `i32(stridedPos(batch, ${bRank}u, ${shapeAt}u, ${view}u))`);
  runGemm(ctx, {
    key: `matmul:${aType},${bType}>${storage}:b${bRank}:${vecA ? 'a4' : 'a'}${vecB ? 'b4' : 'b'}`,
    type,
    vec4: { a: vecA, b: vecB },
    bindings: [
      { name: 'a', type: vecA ? `vec4<${aType}>` : aType, access: 'read' },
      { name: 'b', type: vecB ? `vec4<${bType}>` : bType, access: 'read' },
      { name: 'out', type: storage, access: 'read_write' },
    ],
    M, N, K, batch, meta,
    store: storage === 'f16' ? HALF_DENSE_STORE : undefined,
    helpers: () => /* wgsl */ `
var<private> aBase: i32;
var<private> bBase: i32;
fn prepare(batch: u32) {
  aBase = ${base(aView)};
  bBase = ${base(bView)};
}
${vecA ? `fn loadA4(batch: u32, row: u32, k: u32) -> vec4<${type}> {
  return vec4<${type}>(a[u32(aBase + i32(row) * params[${aMat}] + i32(k)) / 4u]);
}` : `fn loadA(batch: u32, row: u32, k: u32) -> ${type} {
  return ${type}(a[u32(aBase + i32(row) * params[${aMat}] + i32(k) * params[${aMat + 1}])]);
}`}
${vecB ? `fn loadB4(batch: u32, k: u32, col: u32) -> vec4<${type}> {
  return vec4<${type}>(b[u32(bBase + i32(k) * params[${bMat}] + i32(col)) / 4u]);
}` : `fn loadB(batch: u32, k: u32, col: u32) -> ${type} {
  return ${type}(b[u32(bBase + i32(k) * params[${bMat}] + i32(col) * params[${bMat + 1}])]);
}`}
`,
  }, [a.buffer, b.buffer, out]);
  return out;
}
