import type { OptimizerStepSpec, ParamUpdate, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { numel } from '../../shape';
import { denseAddress } from './operand';
import type { Runtime } from './runtime';
import { runTask, threadsAvailable } from './threads';
import { MIN_ELEMENTS, PARALLEL_ELEMENTS } from './elementwise';

const TASK_OPTIM = 15;
/** Elements per segment when a task is split between threads (a multiple of four lanes). */
const CHUNK = 1 << 14;
/** Parts of one task, at most (the pool counts parts in 10 bits). */
const MAX_TASK_PARTS = 512;
/** The bits of x rounded to float32, as an int32 (a descriptor word). */
const f32Bits = (() => {
  const f = new Float32Array(1), bits = new Int32Array(f.buffer);
  return (x: number): number => {
    f[0] = x;
    return bits[0]!;
  };
})();

/** Words per segment of the table (64 bytes): len, 5 inputs, 4 outputs, 2 scalars, has-old, 3 unused. */
const SEGMENT_WORDS = 16;

/**
 * The optimizers' updates over float32 parameters in one WebAssembly task (wat/optim.wat): every
 * parameter, gradient and state is placed once, each output written once. Null when the parameters
 * are not float32, too few to pay for the copies, or the memory is exhausted (the TypeScript kernel
 * then runs; both equal the composite bit for bit). Plain loops into typed arrays: this runs once per
 * training step, and the engine optimizes it early and for good that way.
 */
export function wasmOptimizerStep(rt: Runtime, spec: OptimizerStepSpec, updates: readonly ParamUpdate<TypedArray>[], threads: number): TypedArray[][] | null {
  let total = 0;
  for (let k = 0; k < updates.length; k++) {
    const param = updates[k]!.param;
    if (param.dtype !== 'float32') return null;
    total += numel(param.shape);
  }
  if (total < MIN_ELEMENTS) return null;
  const heap = rt.heap;
  heap.reset();
  const t = total >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  // one segment per parameter on one thread (no parameter has more than `total` elements)
  const chunk = t > 1 ? CHUNK : total;
  let segments = 0;
  for (let k = 0; k < updates.length; k++) segments += Math.ceil(numel(updates[k]!.param.shape) / chunk);
  const table = new Int32Array(SEGMENT_WORDS * segments);
  const outputs: number[][] = [];
  const sizes: number[] = [];
  let row = 0;
  for (let k = 0; k < updates.length; k++) {
    const u = updates[k]!, n = numel(u.param.shape);
    const param = denseAddress(heap, u.param), grad = denseAddress(heap, u.grad);
    const s0 = addressOrZero(heap, u.state[0]), s1 = addressOrZero(heap, u.state[1]), s2 = addressOrZero(heap, u.state[2]);
    if (param === null || grad === null || s0 === null || s1 === null || s2 === null) return null;
    // shared memory: the new values are resident blocks, handed out in place; plain memory: scratch,
    // since a step's many outputs would overrun the ring before they are copied out
    const outs: number[] = [];
    for (let i = 0; i <= u.state.length; i++) {
      const at = heap.shared ? heap.output(4 * n) : heap.alloc(4 * n);
      if (at === null) return null;
      outs.push(at);
    }
    outputs.push(outs);
    sizes.push(n);
    const scale = spec.kind === 'sgd' ? 0 : f32Bits(Math.sqrt(1 - spec.beta2 ** u.step));
    const step = spec.kind === 'sgd' ? f32Bits(-spec.lr) : f32Bits(-(spec.lr / (1 - spec.beta1 ** u.step)));
    const hasOld = u.state[0] ? 1 : 0;
    for (let start = 0; start < n; start += chunk, row += SEGMENT_WORDS) {
      const b = 4 * start;
      table[row] = Math.min(chunk, n - start);
      table[row + 1] = param + b;
      table[row + 2] = grad + b;
      table[row + 3] = s0 && s0 + b;
      table[row + 4] = s1 && s1 + b;
      table[row + 5] = s2 && s2 + b;
      for (let i = 0; i < 4; i++) table[row + 6 + i] = i < outs.length ? outs[i]! + b : 0;
      table[row + 10] = scale;
      table[row + 11] = step;
      table[row + 12] = hasOld;
    }
  }
  const perPart = Math.ceil(segments / Math.min(MAX_TASK_PARTS, t > 1 ? segments : 1));
  const parts = Math.ceil(segments / perPart);
  const h = hyper(spec);
  const desc = Int32Array.of(TASK_OPTIM, spec.kind === 'sgd' ? 0 : 1, flags(spec), 0, perPart, segments, h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!);
  const tableAt = heap.alloc(table.byteLength), descAt = heap.alloc(desc.byteLength);
  if (tableAt === null || descAt === null) return null;
  desc[3] = tableAt;
  heap.i32.set(table, tableAt >> 2);
  heap.i32.set(desc, descAt >> 2);
  runTask(rt, descAt, parts, t);
  const results: TypedArray[][] = [];
  for (let k = 0; k < outputs.length; k++) {
    const outs = outputs[k]!, out: TypedArray[] = [];
    for (let i = 0; i < outs.length; i++) out.push(heap.takeF32(outs[i]!, sizes[k]!));
    results.push(out);
  }
  return results;
}

/** A state's address, 0 for a state not made yet, null when the memory is full. */
function addressOrZero(heap: Runtime['heap'], v: View<TypedArray> | null | undefined): number | null {
  return v ? denseAddress(heap, v) : 0;
}

function flags(s: OptimizerStepSpec): number {
  if (s.kind === 'sgd') {
    return (s.maximize ? 1 : 0) | (s.weightDecay !== 0 ? 2 : 0) | (s.momentum !== 0 ? 8 : 0) | (s.nesterov ? 16 : 0);
  }
  return (s.maximize ? 1 : 0) | (!s.decoupled && s.weightDecay !== 0 ? 2 : 0) | (s.decoupled ? 4 : 0) | (s.amsgrad ? 32 : 0);
}

/** The float32 scalars at bytes 24-48, rounded as the composite's 0-d tensors are. */
function hyper(s: OptimizerStepSpec): number[] {
  const v = s.kind === 'sgd'
    ? [s.weightDecay, s.momentum, 1 - s.dampening, 0, 0, 0, 0]
    : [s.weightDecay, s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, s.eps, 1 - s.lr * s.weightDecay];
  return v.map(f32Bits);
}
