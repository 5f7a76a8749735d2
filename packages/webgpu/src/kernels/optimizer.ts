import { DTypeError, type AdamStepSpec, type OptimizerStepSpec, type ParamUpdate, type SgdStepSpec, type View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT } from '../dtypes';
import { copy } from '../elementwise';
import { linearDispatch, Meta, WG, type Binding } from '../program';

/**
 * The optimizers' updates, one kernel per parameter computing the new parameter and every state
 * tensor in one pass (the composites of optim/sgd.ts and optim/adam.ts run 5 to 12 element-wise
 * kernels per parameter). Same operations in the same order as the CPU's optimizer-step.ts, in f32.
 * Hyper-parameters travel as f32 bits in the meta words, so one pipeline serves every learning rate.
 */
export function optimizerStep(ctx: GpuContext, spec: OptimizerStepSpec, updates: readonly ParamUpdate<GPUBuffer>[]): GPUBuffer[][] {
  return updates.map((u) => {
    if (u.param.dtype !== 'float32') throw new DTypeError(`optimizer.step: expected float32 parameters on WebGPU, got ${u.param.dtype}`);
    // inputs as contiguous buffers from offset 0 (parameters and state usually are already)
    const dense = (v: View<GPUBuffer>) => (isPlain(v) ? { buffer: v.buffer, own: false } : { buffer: copy(ctx, v, 'float32'), own: true });
    const ins = [u.param, u.grad, ...u.state.filter((s): s is View<GPUBuffer> => s !== null)].map(dense);
    const n = u.param.shape.reduce((a, b) => a * b, 1);
    const outs = spec.kind === 'sgd' ? sgd(ctx, spec, u, ins.map((i) => i.buffer), n) : adam(ctx, spec, u, ins.map((i) => i.buffer), n);
    for (const i of ins) if (i.own) ctx.free(i.buffer);
    return outs;
  });
}

function isPlain(v: View<GPUBuffer>): boolean {
  let expect = 1;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    if (v.shape[d] !== 1 && v.strides[d] !== expect) return false;
    expect *= v.shape[d]!;
  }
  return v.offset === 0;
}

const f32Bits = (x: number): number => new Int32Array(Float32Array.of(x).buffer)[0]!;
const READ = (name: string): Binding => ({ name, type: 'f32', access: 'read' });
const WRITE = (name: string): Binding => ({ name, type: 'f32', access: 'read_write' });

function run(ctx: GpuContext, key: string, ins: string[], outs: string[], body: string, buffers: GPUBuffer[], n: number, scalars: number[]): GPUBuffer[] {
  const results = outs.map(() => ctx.alloc(n * BYTES_PER_ELEMENT, 'optimizer.step'));
  if (n === 0) return results;
  const meta = new Meta();
  meta.push(n, ...scalars.map(f32Bits));
  ctx.run({
    key: `optim:${key}`,
    bindings: [...ins.map(READ), ...outs.map(WRITE)],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(n),
    source: () => `
fn hp(k: u32) -> f32 { return bitcast<f32>(params[1u + k]); }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
${body}
}`,
  }, [...buffers, ...results], meta);
  return results;
}

function sgd(ctx: GpuContext, s: SgdStepSpec, u: ParamUpdate<GPUBuffer>, buffers: GPUBuffer[], n: number): GPUBuffer[] {
  const hasBuf = s.momentum !== 0, old = hasBuf && u.state[0] !== null;
  const flags = `${hasBuf ? 'm' : ''}${old ? 'o' : ''}${s.nesterov ? 'n' : ''}${s.weightDecay !== 0 ? 'w' : ''}${s.maximize ? 'x' : ''}`;
  const body = `
  var d = ${s.maximize ? '-' : ''}g[i];
  ${s.weightDecay !== 0 ? 'd = d + p[i] * hp(0u);' : ''}
  ${hasBuf ? `let b = ${old ? 'buf0[i] * hp(1u) + d * hp(2u)' : 'd'};
  buf[i] = b;
  d = ${s.nesterov ? 'd + b * hp(1u)' : 'b'};` : ''}
  out[i] = p[i] + d * hp(3u);`;
  return run(ctx, `sgd:${flags}`, ['p', 'g', ...(old ? ['buf0'] : [])], ['out', ...(hasBuf ? ['buf'] : [])], body, buffers, n,
    [s.weightDecay, s.momentum, 1 - s.dampening, -s.lr]);
}

function adam(ctx: GpuContext, s: AdamStepSpec, u: ParamUpdate<GPUBuffer>, buffers: GPUBuffer[], n: number): GPUBuffer[] {
  const flags = `${s.decoupled ? 'd' : ''}${s.weightDecay !== 0 ? 'w' : ''}${s.amsgrad ? 'a' : ''}${s.maximize ? 'x' : ''}`;
  const body = `
  var d = ${s.maximize ? '-' : ''}g[i];
  var x = p[i];
  ${s.decoupled ? 'x = x * hp(0u);' : s.weightDecay !== 0 ? 'd = d + x * hp(1u);' : ''}
  let mi = m0[i] * hp(2u) + d * hp(3u);
  let vi = v0[i] * hp(4u) + (d * d) * hp(5u);
  m[i] = mi;
  v[i] = vi;
  var second = vi;
  ${s.amsgrad ? `let a = vmax0[i];
  if (isNanF(a) || a > vi) { second = a; }
  vmax[i] = second;` : ''}
  let denom = sqrt(second) / hp(6u) + hp(7u);
  out[i] = x + (mi / denom) * hp(8u);`;
  return run(ctx, `adam:${flags}`, ['p', 'g', 'm0', 'v0', ...(s.amsgrad ? ['vmax0'] : [])], ['out', 'm', 'v', ...(s.amsgrad ? ['vmax'] : [])],
    body, buffers, n, [
      1 - s.lr * s.weightDecay, s.weightDecay, s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2,
      Math.sqrt(1 - s.beta2 ** u.step), s.eps, -(s.lr / (1 - s.beta1 ** u.step)),
    ]);
}
