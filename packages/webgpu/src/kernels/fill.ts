import type { DType } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { bufferBytes, wgslType } from '../dtypes';
import { toHalfBits } from '@dnn/tensor/backend';
import { linearDispatch, Meta, WG } from '../program';

/** The bits of `value` stored as `dtype` (bool: any non-zero is 1), as one i32 meta word. */
export function valueBits(value: number, dtype: DType, op: string): number {
  switch (wgslType(dtype, op)) {
    case 'f32': return new Int32Array(Float32Array.of(value).buffer)[0]!;
    case 'i32': return value | 0;
    case 'u32': return value ? 1 : 0;
    // the half in both 16-bit lanes, so either lane of the word reads it
    case 'f16': return (toHalfBits(value) * 0x10001) | 0;
  }
}

/** Writes `value` into the first `size` elements of `out` (zero is a plain buffer clear). */
export function fillInto(ctx: GpuContext, out: GPUBuffer, size: number, dtype: DType, value: number, op: string): void {
  const bits = valueBits(value, dtype, op);
  if (bits === 0) {
    ctx.clear(out, bufferBytes(dtype, size));
    return;
  }
  const type = wgslType(dtype, op);
  const meta = new Meta();
  meta.push(size, bits);
  ctx.run({
    key: `fill:${type}`,
    bindings: [{ name: 'out', type, access: 'read_write' }],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(size),
    source: () => `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
  out[i] = ${type === 'f16' ? 'bitcast<vec2<f16>>(params[1]).x' : `bitcast<${type}>(params[1])`};
}`,
  }, [out], meta);
}

export function fill(ctx: GpuContext, size: number, dtype: DType, value: number): GPUBuffer {
  wgslType(dtype, 'fill');
  const out = ctx.alloc(bufferBytes(dtype, size), 'fill');
  fillInto(ctx, out, size, dtype, value, 'fill');
  return out;
}
