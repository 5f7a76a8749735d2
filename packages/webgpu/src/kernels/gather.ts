import { DTypeError, type View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT, wgslType, type WgslType } from '../dtypes';
import { castWgsl, copy } from '../elementwise';
import { collapse } from '../layout';
import { contiguousStrides, numel } from '@dnn/tensor/backend';
import { linearDispatch, Meta, WG } from '../program';

/** Records the first bad index for the next read to report (kernels cannot throw). */
const FAULT = /* wgsl */ `
fn reportFault(code: i32, dim: i32, index: i32, size: i32) {
  if (atomicExchange(&fault[0], 1) == 0) {
    atomicStore(&fault[1], code);
    atomicStore(&fault[2], dim);
    atomicStore(&fault[3], index);
    atomicStore(&fault[4], size);
  }
}`;

/** Index `j` along a dim of `size`, negatives counted from the end; -1 when out of range. */
const WRAP = /* wgsl */ `
fn wrapIndex(j: i32, size: i32) -> i32 {
  let k = select(j, j + size, j < 0);
  return select(-1, k, k >= 0 && k < size);
}`;

function indexType(index: View<GPUBuffer>, op: string): WgslType {
  const t = wgslType(index.dtype, op);
  if (t === 'f32') throw new DTypeError(`${op}: index must be int32, got ${index.dtype}`);
  return t;
}

/**
 * out[i] = x[..., index[i], ...] along `dim`, for an index of the output's shape. An out-of-range
 * index yields 0 and is reported as a ValueError by the next read.
 */
export function gather(ctx: GpuContext, x: View<GPUBuffer>, dim: number, index: View<GPUBuffer>): GPUBuffer {
  const xType = wgslType(x.dtype, 'gather');
  const iType = indexType(index, 'gather');
  const n = numel(index.shape);
  const out = ctx.alloc(n * BYTES_PER_ELEMENT, 'gather');
  if (n === 0) return out;
  // x walked over the index's shape with no step along dim: the index supplies that coordinate
  const xStrides = x.strides.map((s, d) => (d === dim ? 0 : s));
  const c = collapse(index.shape, [xStrides, index.strides]);
  const rank = c.shape.length;
  const meta = new Meta();
  meta.push(n, ...c.shape);
  const xAt = meta.view(x.offset, c.strides[0]!);
  const iAt = meta.view(index.offset, c.strides[1]!);
  const dimAt = meta.push(dim, x.shape[dim]!, x.strides[dim]!);
  ctx.run({
    key: `gather:${xType}:${iType}:r${rank}`,
    bindings: [
      { name: 'x', type: xType, access: 'read' },
      { name: 'index', type: iType, access: 'read' },
      { name: 'out', type: xType, access: 'read_write' },
      { name: 'fault', type: 'atomic<i32>', access: 'read_write' },
    ],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(n),
    source: () => `${FAULT}${WRAP}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
  let j = i32(index[stridedPos(i, ${rank}u, 1u, ${iAt}u)]);
  let k = wrapIndex(j, params[${dimAt + 1}]);
  if (k < 0) {
    reportFault(1, params[${dimAt}], j, params[${dimAt + 1}]);
    out[i] = ${xType}(0);
    return;
  }
  out[i] = x[u32(i32(stridedPos(i, ${rank}u, 1u, ${xAt}u)) + k * params[${dimAt + 2}])];
}`,
  }, [x.buffer, index.buffer, out, ctx.fault], meta);
  return out;
}

/**
 * out = base (or zeros), then src[j] added at out[..., index[j], ...] along `dim`.
 *
 * WGSL has no float atomics. Float sums use a compare-exchange loop on the u32 bits of the target
 * (read, add, swap if unchanged, else retry), integers a native atomicAdd. The alternative, a gather
 * formulation where each output sums every source element aimed at it, is deterministic but costs
 * |out| × size(index, dim): quadratic for the max-pool and embedding gradients that use scatterAdd.
 * The price of the atomic loop: when several sources hit one target, the order of their float
 * additions (and so the last bits of the sum) can change from run to run.
 */
export function scatterAdd(
  ctx: GpuContext, shape: readonly number[], dim: number, index: View<GPUBuffer>, src: View<GPUBuffer>, base?: View<GPUBuffer>,
): GPUBuffer {
  const type = wgslType(src.dtype, 'scatterAdd');
  const iType = indexType(index, 'scatterAdd');
  const size = numel(shape);
  const out = base ? copy(ctx, base, src.dtype) : ctx.alloc(size * BYTES_PER_ELEMENT, 'scatterAdd');
  if (!base) ctx.clear(out, size * BYTES_PER_ELEMENT);
  const n = numel(index.shape);
  if (n === 0) return out;
  const outStrides = contiguousStrides(shape);
  const c = collapse(index.shape, [outStrides.map((s, d) => (d === dim ? 0 : s)), index.strides, src.strides]);
  const rank = c.shape.length;
  const meta = new Meta();
  meta.push(n, ...c.shape);
  const oAt = meta.view(0, c.strides[0]!);
  const iAt = meta.view(index.offset, c.strides[1]!);
  const sAt = meta.view(src.offset, c.strides[2]!);
  const dimAt = meta.push(dim, shape[dim]!, outStrides[dim]!);
  const atomicType = type === 'f32' || type === 'f16' ? 'u32' : type;
  const add = type === 'f32'
    ? `
  // float add as compare-exchange on the bits: retry until no other thread wrote in between
  var old = atomicLoad(&out[p]);
  loop {
    let r = atomicCompareExchangeWeak(&out[p], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }`
    : `
  atomicAdd(&out[p], v);`;
  ctx.run({
    key: `scatterAdd:${type}:${iType}:r${rank}`,
    bindings: [
      { name: 'index', type: iType, access: 'read' },
      { name: 'src', type, access: 'read' },
      { name: 'out', type: `atomic<${atomicType}>`, access: 'read_write' },
      { name: 'fault', type: 'atomic<i32>', access: 'read_write' },
    ],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(n),
    source: () => `${FAULT}${WRAP}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
  let j = i32(index[stridedPos(i, ${rank}u, 1u, ${iAt}u)]);
  let k = wrapIndex(j, params[${dimAt + 1}]);
  if (k < 0) {
    reportFault(2, params[${dimAt}], j, params[${dimAt + 1}]);
    return;
  }
  let p = u32(i32(stridedPos(i, ${rank}u, 1u, ${oAt}u)) + k * params[${dimAt + 2}]);
  let v = ${castWgsl(`src[stridedPos(i, ${rank}u, 1u, ${sAt}u)]`, type, type)};${add}
}`,
  }, [index.buffer, src.buffer, out, ctx.fault], meta);
  return out;
}
