import { DTypeError, type View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT, wgslType } from '../dtypes';
import { linearDispatch, Meta } from '../program';

const WG = 64;

/**
 * Softmax (or log-softmax) over the last axis of [rows, cols], one workgroup per row, in three sweeps
 * of the row: its max (tree-reduced in workgroup memory), the sum of exp(x - max), then the outputs.
 * Subtracting the max keeps exp from overflowing.
 */
export function softmax(ctx: GpuContext, x: View<GPUBuffer>, log: boolean): GPUBuffer {
  if (wgslType(x.dtype, 'softmax') !== 'f32') throw new DTypeError(`softmax: expected a float32 tensor, got ${x.dtype}`);
  const cols = x.shape[x.shape.length - 1] ?? 1;
  const rows = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const out = ctx.alloc(rows * cols * BYTES_PER_ELEMENT, 'softmax');
  if (rows * cols === 0) return out;
  const meta = new Meta();
  meta.push(rows, cols, x.offset, x.strides.length > 1 ? x.strides[x.strides.length - 2]! : cols, x.strides[x.strides.length - 1] ?? 1);
  ctx.run({
    key: `softmax:${log ? 'log' : 'exp'}`,
    bindings: [{ name: 'x', type: 'f32', access: 'read' }, { name: 'out', type: 'f32', access: 'read_write' }],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(rows, 1),
    source: () => /* wgsl */ `
var<workgroup> part: array<f32, ${WG}>;
fn at(r: u32, c: u32) -> f32 { return x[u32(params[2] + i32(r) * params[3] + i32(c) * params[4])]; }
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = wid.y * nwg.x + wid.x;
  let live = r < u32(params[0]);
  let cols = u32(params[1]);
  var m = -infF();
  if (live) { for (var c = lid; c < cols; c += ${WG}u) { m = max(m, at(r, c)); } }
  part[lid] = m;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { part[lid] = max(part[lid], part[lid + s]); }
    workgroupBarrier();
  }
  let rowMax = part[0];
  workgroupBarrier();
  var sum = 0.0;
  if (live) { for (var c = lid; c < cols; c += ${WG}u) { sum += exp(at(r, c) - rowMax); } }
  part[lid] = sum;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { part[lid] += part[lid + s]; }
    workgroupBarrier();
  }
  let total = part[0];
  if (!live) { return; }
  for (var c = lid; c < cols; c += ${WG}u) {
    ${log ? 'out[r * cols + c] = at(r, c) - rowMax - log(total);' : 'out[r * cols + c] = exp(at(r, c) - rowMax) / total;'}
  }
}`,
  }, [x.buffer, out], meta);
  return out;
}
