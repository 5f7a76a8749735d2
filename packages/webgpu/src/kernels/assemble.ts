import type { AssemblePart, DType } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT, wgslType } from '../dtypes';
import { castWgsl } from '../elementwise';
import { collapse } from '../layout';
import { contiguousStrides, numel } from '@dnn/tensor/backend';
import { linearDispatch, Meta, WG } from '../program';
import { fillInto } from './fill';

/**
 * out = fillValue everywhere, then each part's src written at out[begin + i·step]: the kernel behind
 * pad, concat and the gradient of slicing. Each part is one pass that walks src and the output
 * region as two strided views of the same shape.
 */
export function assemble(
  ctx: GpuContext, shape: readonly number[], dtype: DType, fillValue: number, parts: readonly AssemblePart<GPUBuffer>[],
): GPUBuffer {
  const outType = wgslType(dtype, 'assemble');
  const size = numel(shape);
  const out = ctx.alloc(size * BYTES_PER_ELEMENT, 'assemble');
  fillInto(ctx, out, size, dtype, fillValue, 'assemble');
  const strides = contiguousStrides(shape);
  for (const part of parts) {
    const n = numel(part.src.shape);
    if (n === 0) continue;
    const inType = wgslType(part.src.dtype, 'assemble');
    let dstOffset = 0;
    const dstStrides = strides.map((s, d) => {
      dstOffset += part.begin[d]! * s;
      return s * part.step[d]!;
    });
    const c = collapse(part.src.shape, [part.src.strides, dstStrides]);
    const rank = c.shape.length;
    const meta = new Meta();
    meta.push(n, ...c.shape);
    const srcAt = meta.view(part.src.offset, c.strides[0]!);
    const dstAt = meta.view(dstOffset, c.strides[1]!);
    ctx.run({
      key: `assemble:${inType}>${outType}:r${rank}`,
      bindings: [{ name: 'x', type: inType, access: 'read' }, { name: 'out', type: outType, access: 'read_write' }],
      workgroupSize: [WG, 1],
      dispatch: linearDispatch(n),
      source: () => `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
  out[stridedPos(i, ${rank}u, 1u, ${dstAt}u)] = ${castWgsl(`x[stridedPos(i, ${rank}u, 1u, ${srcAt}u)]`, inType, outType)};
}`,
    }, [part.src.buffer, out], meta);
  }
  return out;
}
