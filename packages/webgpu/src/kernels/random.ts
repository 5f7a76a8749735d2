import { DTypeError, type DType, type RandomSpec, type View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT, wgslType } from '../dtypes';
import { castWgsl } from '../elementwise';
import { collapse } from '../layout';
import { linearDispatch, Meta, WG } from '../program';

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24];

/**
 * Threefry-2x32-20 in WGSL, unrolled: the same rounds, rotations and key schedule as
 * random/threefry.ts of @dnn/tensor, so draw i gives the same 64 bits on every backend.
 */
function threefryWgsl(): string {
  const lines: string[] = [];
  for (let block = 0; block < 5; block++) {
    for (let r = 0; r < 4; r++) {
      const rot = ROTATIONS[(block & 1) * 4 + r]!;
      lines.push(`  x0 += x1; x1 = (x1 << ${rot}u) | (x1 >> ${32 - rot}u); x1 ^= x0;`);
    }
    lines.push(`  x0 += ks[${(block + 1) % 3}]; x1 += ks[${(block + 2) % 3}] + ${block + 1}u;`);
  }
  return /* wgsl */ `
fn threefry(k0: u32, k1: u32, c0: u32, c1: u32) -> vec2<u32> {
  let ks = array<u32, 3>(k0, k1, k0 ^ k1 ^ 0x1bd11bdau);
  var x0 = c0 + k0;
  var x1 = c1 + k1;
${lines.join('\n')}
  return vec2<u32>(x0, x1);
}
// 24 random bits: exactly representable, identical to uniform24 on the CPU
fn uniform24(bits: u32) -> f32 { return f32(bits >> 8u) * (1.0 / 16777216.0); }
// ln(u) for u = 1 - w: a short series near 1, where log's absolute error would swamp the result
fn logOneMinus(u: f32, w: f32) -> f32 {
  if (w < 0.015625) { return -w * (1.0 + w * (0.5 + w * (0.33333334 + w * 0.25))); }
  return log(u);
}
// Box–Muller on one counter's two words, like normalFromBits on the CPU; cos's argument is kept in [-π, π)
fn normal(y0: u32, y1: u32) -> f32 {
  let m = (y0 >> 8u) + 1u;
  let u1 = f32(m) * (1.0 / 16777216.0);
  let w = f32(16777216u - m) * (1.0 / 16777216.0);
  let u2 = uniform24(y1);
  return -sqrt(-2.0 * logOneMinus(u1, w)) * cos(6.2831855 * (u2 - 0.5));
}`;
}

export function random(ctx: GpuContext, spec: RandomSpec, size: number, dtype: DType): GPUBuffer {
  const outType = wgslType(dtype, 'random');
  const out = ctx.alloc(size * BYTES_PER_ELEMENT, 'random');
  if (size === 0) return out;
  const meta = new Meta();
  // counters are 64-bit: offset = hi·2³² + lo (offsets go up to 2⁵³)
  meta.push(size, spec.key[0] | 0, spec.key[1] | 0, spec.offset % 4294967296 | 0, Math.floor(spec.offset / 4294967296) | 0);
  let probs: View<GPUBuffer> | null = null;
  let value: string;
  let rank = 0;
  let probsAt = 0;
  switch (spec.dist) {
    case 'uniform': value = castWgsl('uniform24(y.x)', 'f32', outType); break;
    case 'normal': value = castWgsl('normal(y.x, y.y)', 'f32', outType); break;
    case 'bits': value = castWgsl('bitcast<i32>(y.x)', 'i32', outType); break;
    case 'bernoulli': {
      if (spec.probs) {
        probs = spec.probs as View<GPUBuffer>;
        if (wgslType(probs.dtype, 'bernoulli') !== 'f32') throw new DTypeError(`bernoulli: probabilities must be float32, got ${probs.dtype}`);
        const c = collapse(probs.shape, [probs.strides]);
        rank = c.shape.length;
        meta.push(...c.shape);
        probsAt = meta.view(probs.offset, c.strides[0]!);
      }
      const p = probs ? `probs[stridedPos(i, ${rank}u, 5u, ${probsAt}u)]` : '0.5';
      value = castWgsl(`select(0.0, 1.0, uniform24(y.x) < ${p})`, 'f32', outType);
      break;
    }
  }
  const bindings = [
    ...(probs ? [{ name: 'probs', type: 'f32' as const, access: 'read' as const }] : []),
    { name: 'out', type: outType, access: 'read_write' as const },
  ];
  ctx.run({
    key: `random:${spec.dist}:${outType}:${probs ? `p${rank}` : ''}`,
    bindings,
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(size),
    source: () => `${threefryWgsl()}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
  let lo = bitcast<u32>(params[3]);
  let c0 = lo + i;
  let c1 = bitcast<u32>(params[4]) + select(0u, 1u, c0 < lo);
  let y = threefry(bitcast<u32>(params[1]), bitcast<u32>(params[2]), c0, c1);
  out[i] = ${value};
}`,
  }, [...(probs ? [probs.buffer] : []), out], meta);
  return out;
}
