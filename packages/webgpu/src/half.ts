import { DTypeError, type DType } from '@dnn/tensor';
import type { Binding } from './program';

/**
 * float16 on WebGPU: tensors are `array<f16>` buffers (the `shader-f16` feature), read into kernels
 * as f32 and computed in f32; results are rounded to half by `toHalf`, on the bits, to nearest even,
 * whatever rounding the driver's own f32 → f16 conversion uses (WGSL leaves it open), so a GPU result
 * is the CPU's whenever the f32 values agree.
 */

/** Whether a program touches f16 and needs the `enable f16;` directive and the helpers below. */
export const usesHalf = (bindings: readonly Binding[]): boolean => bindings.some((b) => b.type.includes('f16'));

export const HALF_WGSL = /* wgsl */ `
// the binary16 pattern nearest to v, ties to even: NaN stays NaN, |v| ≥ 65520 is ±Inf, tiny v are subnormal
fn halfBits(v: f32) -> u32 {
  let x = bitcast<u32>(v);
  let sign = (x >> 16u) & 0x8000u;
  let ax = x & 0x7fffffffu;
  if (ax > 0x7f800000u) { return sign | 0x7e00u; }
  if (ax >= 0x477ff000u) { return sign | 0x7c00u; }
  if (ax < 0x38800000u) {
    // below 2⁻¹⁴: a multiple of 2⁻²⁴, the significand shifted right by 126 - exponent (14 to 24 places)
    if (ax < 0x33000000u) { return sign; }
    let m = (ax & 0x7fffffu) | 0x800000u;
    let shift = 126u - (ax >> 23u);
    var r = m >> shift;
    let rest = m & ((1u << shift) - 1u);
    let half = 1u << (shift - 1u);
    if (rest > half || (rest == half && (r & 1u) == 1u)) { r += 1u; }
    return sign | r;
  }
  // rebias the exponent (127 → 15) and drop 13 significand bits; a carry may step into the next binade
  var h = (ax - 0x38000000u) >> 13u;
  let rest = ax & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u) == 1u)) { h += 1u; }
  return sign | h;
}
fn toHalf(v: f32) -> f16 { return bitcast<vec2<f16>>(halfBits(v)).x; }
`;

/** WGSL storing an f32 GEMM result densely into an f16 output (gemm.ts's `store`; K is then never split). */
export const HALF_DENSE_STORE = /* wgsl */ `
fn store(slot: u32, row: u32, col: u32, v: f32) { out[(slot * u32(params[0]) + row) * u32(params[1]) + col] = toHalf(v); }`;

/** Refuses float16 on a device created without the `shader-f16` feature. */
export function requireHalf(hasHalf: boolean, dtype: DType, op: string): void {
  if (dtype === 'float16' && !hasHalf) {
    throw new DTypeError(`${op}: float16 needs the WebGPU 'shader-f16' feature, which this device lacks ` +
      `(the adapter does not offer it, or the device was created with float16: false); use float32`);
  }
}
