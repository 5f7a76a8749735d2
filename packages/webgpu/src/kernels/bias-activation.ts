import type { Activation, View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { bufferBytes } from '../dtypes';
import { ACTIVATION_FN, MATH } from '../elementwise';
import { collapse, isDense } from '../layout';
import { numel } from '@dnn/tensor/backend';
import { linearDispatch, Meta, WG } from '../program';

/**
 * biasActivation of a dense x whose bias runs along one axis, where the vec4 element-wise path does not
 * apply (a Linear's bias along the last axis, a channel bias over planes of an odd size): element i
 * takes bias[(i / inner) % C], two integer operations instead of a strided walk of every view. The
 * same f32 sum and activation as the element-wise kernels, so the same bits. Null for other layouts.
 */
export function biasActivationRows(ctx: GpuContext, x: View<GPUBuffer>, bias: View<GPUBuffer>, activation: Activation): GPUBuffer | null {
  const n = numel(x.shape);
  const dense = collapse(x.shape, [x.strides]);
  const axis = bias.strides.findIndex((s, d) => s !== 0 && x.shape[d] !== 1);
  if (n === 0 || axis < 0 || !isDense(dense.shape, dense.strides[0]!)) return null;
  const inner = numel(x.shape.slice(axis + 1));
  if (inner % 4 === 0) return null; // per-channel planes of a multiple of 4: the vec4 element-wise kernel
  const out = ctx.alloc(bufferBytes(x.dtype, n), 'biasActivation');
  const meta = new Meta();
  meta.push(n, x.offset, x.shape[axis]!, inner, bias.offset, bias.strides[axis]!);
  const fn = ACTIVATION_FN[activation];
  ctx.run({
    key: `biasActivationRows:${activation}`,
    bindings: [{ name: 'x', type: 'f32', access: 'read' }, { name: 'bias', type: 'f32', access: 'read' }, { name: 'out', type: 'f32', access: 'read_write' }],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(n),
    source: () => `${MATH}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
  let c = (i / u32(params[3])) % u32(params[2]);
  let v = x[u32(params[1]) + i] + bias[u32(params[4] + i32(c) * params[5])];
  out[i] = ${fn ? `${fn}(v)` : 'v'};
}`,
  }, [x.buffer, bias.buffer, out], meta);
  return out;
}
