import type { WgslType } from './dtypes';
import { HALF_WGSL, usesHalf } from './half';

/** One storage binding of a program, in binding order; the `meta` binding (i32 parameters) follows them all. */
export interface Binding {
  readonly name: string;
  readonly type: WgslType | `vec4<${WgslType}>` | `atomic<${'u32' | 'i32'}>`;
  readonly access: 'read' | 'read_write';
}

/**
 * A compute program: everything needed to run one WGSL kernel. Programs with equal `key`s share one
 * pipeline, so the key must capture everything the source depends on (op, dtypes, rank, layout flags),
 * while sizes, strides and offsets travel in the `meta` buffer and never force a recompile.
 */
export interface Program {
  readonly key: string;
  readonly bindings: readonly Binding[];
  /** Threads per workgroup (x, y). */
  readonly workgroupSize: readonly [number, number];
  readonly dispatch: readonly [number, number, number];
  /** The kernel body (helpers and `main`); bindings and the preamble are added around it. */
  readonly source: () => string;
}

/** Threads per workgroup of the one-thread-per-element kernels. */
export const WG = 256;
/** WebGPU's guaranteed maximum workgroup count per dimension. */
export const MAX_GROUPS = 65535;

/** A 2-D grid of workgroups covering `threads` threads of `wg` each (x wraps at 65535 groups). */
export function linearDispatch(threads: number, wg = WG): [number, number, number] {
  const groups = Math.max(1, Math.ceil(threads / wg));
  const x = Math.min(groups, MAX_GROUPS);
  return [x, Math.ceil(groups / x), 1];
}

/**
 * Shared WGSL helpers. Views reach kernels as numbers in `meta`: a shape at params[shapeAt..] and a view
 * at params[viewAt] = offset, params[viewAt + 1 + d] = stride of dim d. Strides may be 0 (broadcast),
 * negative (flip) or permuted (transpose), so no movement op ever copies before a kernel reads it.
 */
export const PREAMBLE = /* wgsl */ `
// Buffer position of element \`flat\` of a row-major walk over the shape at params[shapeAt..],
// read through the strided view at params[viewAt..].
fn stridedPos(flat: u32, rank: u32, shapeAt: u32, viewAt: u32) -> u32 {
  var rest = flat;
  var pos = params[viewAt];
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let n = u32(params[shapeAt + u32(d)]);
    pos += i32(rest % n) * params[viewAt + 1u + u32(d)];
    rest /= n;
  }
  return u32(pos);
}

// The invocation's index in a 1-D problem laid over a 2-D grid of 1-D workgroups of \`wg\` threads.
// Built from global_invocation_id: software rasterizers (lavapipe) see consecutive indices across
// their SIMD lanes, and load and store them as vectors; local_invocation_index hides that.
fn flatIndex(gid: vec3<u32>, nwg: vec3<u32>, wg: u32) -> u32 {
  return gid.y * nwg.x * wg + gid.x;
}

// NaN and infinity tests on the bits: compilers may fold x != x away, bit tests they cannot.
fn isNanF(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn isInfF(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
// truth of a float as PyTorch sees it: non-zero, NaN included (NaN != 0 may be compiled as ordered)
fn truthF(x: f32) -> bool { return x != 0.0 || isNanF(x); }
// comparisons false on NaN whatever the compiler assumes about NaN
fn ordered(a: f32, b: f32) -> bool { return !isNanF(a) && !isNanF(b); }
// float → int32 as JavaScript's ToInt32 (and so the CPU backend) does it: truncate, wrap modulo 2³², NaN/∞ → 0
fn toI32(x: f32) -> i32 {
  if (isNanF(x) || isInfF(x)) { return 0; }
  if (abs(x) < 2147483648.0) { return i32(x); }
  // |x| ≥ 2³¹ is an integer, and x mod 2³² is exact in f32
  return bitcast<i32>(u32(x - floor(x / 4294967296.0) * 4294967296.0));
}
// through a var: a constant NaN or infinity is a WGSL compile error
fn nanF() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }
fn infF() -> f32 { var bits = 0x7f800000u; return bitcast<f32>(bits); }
`;

/** The full WGSL module of a program: bindings, then the preamble, then its body. */
export function programSource(p: Program): string {
  const decls = p.bindings
    .map((b, i) => `@group(0) @binding(${i}) var<storage, ${b.access}> ${b.name}: array<${b.type}>;`)
    .concat(`@group(0) @binding(${p.bindings.length}) var<storage, read> params: array<i32>;`)
    .join('\n');
  // f16 storage needs the directive first in the module
  if (usesHalf(p.bindings)) return `enable f16;\n${decls}\n${PREAMBLE}\n${HALF_WGSL}\n${p.source()}`;
  return `${decls}\n${PREAMBLE}\n${p.source()}`;
}

/** The `meta` words of a kernel: sizes, shapes and views, appended in the order the kernel reads them. */
export class Meta {
  readonly words: number[] = [];

  /** Appends values; returns the index of the first. */
  push(...values: readonly number[]): number {
    const at = this.words.length;
    for (const v of values) this.words.push(v);
    return at;
  }

  /** Appends a view (offset, then strides); returns its index for stridedPos. */
  view(offset: number, strides: readonly number[]): number {
    return this.push(offset, ...strides);
  }

  toArray(): Int32Array<ArrayBuffer> {
    // never empty: a zero-sized binding is invalid
    return Int32Array.from(this.words.length ? this.words : [0]);
  }
}
