import { DTypeError, type Pool2dSpec, type View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT, wgslType } from '../dtypes';
import { linearDispatch, Meta, WG, type Binding } from '../program';

/**
 * 2-D pooling, one thread per output pixel (forward) or per input pixel (average-pool gradient, which
 * gathers from every window covering its pixel instead of scattering into them: no atomics, and the
 * same sum order on every run). Windows follow the CPU backend exactly: taps outside the input are
 * skipped, max pooling keeps the first maximum and lets the first NaN win, and indices are y·W + x
 * within the input plane.
 */

/** Meta: size, geometry (C H W Ho Wo kh kw sh sw ph pw dh dw), divisor rule, then the input view. */
function poolMeta(size: number, xShape: readonly number[], s: Pool2dSpec, view: View<GPUBuffer> | null) {
  const meta = new Meta();
  const [, C, H, W] = xShape as [number, number, number, number];
  meta.push(size, C, H, W, s.outShape[0], s.outShape[1], s.kernel[0], s.kernel[1], s.stride[0], s.stride[1],
    s.padding[0], s.padding[1], s.dilation[0], s.dilation[1],
    s.divisorOverride === undefined ? 0 : 1, s.divisorOverride ?? 0, (s.countIncludePad ?? true) ? 1 : 0);
  const at = view ? meta.view(view.offset, view.strides) : 0;
  return { meta, at };
}

const GEOMETRY = /* wgsl */ `
fn C() -> i32 { return params[1]; }
fn H() -> i32 { return params[2]; }
fn W() -> i32 { return params[3]; }
fn HO() -> i32 { return params[4]; }
fn WO() -> i32 { return params[5]; }
fn KH() -> i32 { return params[6]; }
fn KW() -> i32 { return params[7]; }
fn SH() -> i32 { return params[8]; }
fn SW() -> i32 { return params[9]; }
fn PH() -> i32 { return params[10]; }
fn PW() -> i32 { return params[11]; }
fn DH() -> i32 { return params[12]; }
fn DW() -> i32 { return params[13]; }
// PyTorch's divisor for the window starting at padded (y0, x0): see pool-divisor.ts of @dnn/tensor
fn divisor(y0: i32, x0: i32) -> f32 {
  if (params[14] != 0) { return f32(params[15]); }
  if (params[16] != 0) {
    return f32((min(y0 + KH(), H() + PH()) - y0) * (min(x0 + KW(), W() + PW()) - x0));
  }
  let hy = max(min(y0 + KH(), H()) - max(y0, 0), 0);
  let hx = max(min(x0 + KW(), W()) - max(x0, 0), 0);
  return f32(hy * hx);
}`;

const MAIN_HEAD = `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let o = flatIndex(gid, nwg, ${WG}u);
  if (o >= u32(params[0])) { return; }`;

/** WGSL: x at (plane p = n·C + c, row y, col xx) through the input view at `at`. */
const xAt = (at: number) =>
  `x[u32(params[${at}] + (p / C()) * params[${at + 1}] + (p % C()) * params[${at + 2}] + y * params[${at + 3}] + xx * params[${at + 4}])]`;

function checkFloat(v: View<GPUBuffer>, op: string): void {
  if (wgslType(v.dtype, op) !== 'f32') throw new DTypeError(`${op}: expected a float32 tensor, got ${v.dtype}`);
}

function run(ctx: GpuContext, key: string, bindings: Binding[], size: number, meta: Meta, body: string, buffers: GPUBuffer[]): void {
  ctx.run({ key, bindings, workgroupSize: [WG, 1], dispatch: linearDispatch(size), source: () => `${GEOMETRY}${MAIN_HEAD}${body}\n}` }, buffers, meta);
}

export function maxPool2d(ctx: GpuContext, x: View<GPUBuffer>, s: Pool2dSpec): { out: GPUBuffer; indices: GPUBuffer } {
  checkFloat(x, 'maxPool2d');
  const [N, C] = x.shape as [number, number];
  const size = N * C * s.outShape[0] * s.outShape[1];
  const out = ctx.alloc(size * BYTES_PER_ELEMENT, 'maxPool2d');
  const indices = ctx.alloc(size * BYTES_PER_ELEMENT, 'maxPool2d');
  if (size === 0) return { out, indices };
  const { meta, at } = poolMeta(size, x.shape, s, x);
  run(ctx, 'maxPool2d', [
    { name: 'x', type: 'f32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
    { name: 'indices', type: 'i32', access: 'read_write' },
  ], size, meta, `
  let p = i32(o) / (HO() * WO());
  let oy = (i32(o) / WO()) % HO();
  let ox = i32(o) % WO();
  var best = -infF();
  var bestIdx = -1;
  var done = false;
  for (var i = 0; i < KH() && !done; i++) {
    let y = oy * SH() - PH() + i * DH();
    if (y < 0 || y >= H()) { continue; }
    for (var j = 0; j < KW(); j++) {
      let xx = ox * SW() - PW() + j * DW();
      if (xx < 0 || xx >= W()) { continue; }
      let v = ${xAt(at)};
      if (bestIdx < 0 || isNanF(v) || (ordered(v, best) && v > best)) {
        best = v;
        bestIdx = y * W() + xx;
        if (isNanF(v)) { done = true; break; }
      }
    }
  }
  out[o] = best;
  indices[o] = bestIdx;`, [x.buffer, out, indices]);
  return { out, indices };
}

export function avgPool2d(ctx: GpuContext, x: View<GPUBuffer>, s: Pool2dSpec): GPUBuffer {
  checkFloat(x, 'avgPool2d');
  const [N, C] = x.shape as [number, number];
  const size = N * C * s.outShape[0] * s.outShape[1];
  const out = ctx.alloc(size * BYTES_PER_ELEMENT, 'avgPool2d');
  if (size === 0) return out;
  const { meta, at } = poolMeta(size, x.shape, s, x);
  run(ctx, 'avgPool2d', [{ name: 'x', type: 'f32', access: 'read' }, { name: 'out', type: 'f32', access: 'read_write' }], size, meta, `
  let p = i32(o) / (HO() * WO());
  let y0 = ((i32(o) / WO()) % HO()) * SH() - PH();
  let x0 = (i32(o) % WO()) * SW() - PW();
  var acc = 0.0;
  for (var y = max(y0, 0); y < min(y0 + KH(), H()); y++) {
    for (var xx = max(x0, 0); xx < min(x0 + KW(), W()); xx++) { acc += ${xAt(at)}; }
  }
  out[o] = acc / divisor(y0, x0);`, [x.buffer, out]);
  return out;
}

export function avgPool2dBackward(ctx: GpuContext, dy: View<GPUBuffer>, s: Pool2dSpec, xShape: readonly number[]): GPUBuffer {
  checkFloat(dy, 'avgPool2dBackward');
  const size = xShape.reduce((a, b) => a * b, 1);
  const out = ctx.alloc(size * BYTES_PER_ELEMENT, 'avgPool2dBackward');
  if (size === 0) return out;
  const { meta, at } = poolMeta(size, xShape, s, dy);
  // dy is read through its view as [N, C, Ho, Wo]
  const dyAt = `dy[u32(params[${at}] + (p / C()) * params[${at + 1}] + (p % C()) * params[${at + 2}] + oy * params[${at + 3}] + ox * params[${at + 4}])]`;
  run(ctx, 'avgPool2dBackward', [{ name: 'dy', type: 'f32', access: 'read' }, { name: 'out', type: 'f32', access: 'read_write' }], size, meta, `
  let p = i32(o) / (H() * W());
  let y = (i32(o) / W()) % H();
  let xx = i32(o) % W();
  // windows oy with oy·SH - PH ≤ y < oy·SH - PH + KH (same for x), clipped to the output
  let oyLo = max((y + PH() - KH() + SH()) / SH(), 0);
  let oyHi = min((y + PH()) / SH(), HO() - 1);
  let oxLo = max((xx + PW() - KW() + SW()) / SW(), 0);
  let oxHi = min((xx + PW()) / SW(), WO() - 1);
  var acc = 0.0;
  for (var oy = oyLo; oy <= oyHi; oy++) {
    for (var ox = oxLo; ox <= oxHi; ox++) {
      acc += ${dyAt} / divisor(oy * SH() - PH(), ox * SW() - PW());
    }
  }
  out[o] = acc;`, [dy.buffer, out]);
  return out;
}
