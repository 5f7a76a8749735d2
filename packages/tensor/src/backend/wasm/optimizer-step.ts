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
const f32Bits = (x: number): number => new Int32Array(new Float32Array([x]).buffer)[0]!;

/**
 * The optimizers' updates over float32 parameters in one WebAssembly task (wat/optim.wat): every
 * parameter, gradient and state is placed once, each output written once. Null when the parameters
 * are not float32, too few to pay for the copies, or the memory is exhausted (the TypeScript kernel
 * then runs; both equal the composite bit for bit).
 */
export function wasmOptimizerStep(rt: Runtime, spec: OptimizerStepSpec, updates: readonly ParamUpdate<TypedArray>[], threads: number): TypedArray[][] | null {
  const sizes = updates.map((u) => numel(u.param.shape));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total < MIN_ELEMENTS || updates.some((u) => u.param.dtype !== 'float32')) return null;
  const heap = rt.heap;
  heap.reset();
  const place = (v: View<TypedArray> | null | undefined): number | null => (v ? denseAddress(heap, v) : 0);
  const t = total >= PARALLEL_ELEMENTS ? threadsAvailable(rt, threads) : 1;
  const chunk = t > 1 ? CHUNK : Infinity;
  const segments: number[][] = [];
  const outputs: number[][] = [];
  for (let k = 0; k < updates.length; k++) {
    const u = updates[k]!, n = sizes[k]!;
    const ins = [place(u.param), place(u.grad), place(u.state[0]), place(u.state[1]), place(u.state[2])];
    // shared memory: the new values are resident blocks, handed out in place; plain memory: scratch,
    // since a step's many outputs would overrun the ring before they are copied out
    const outs = [0, ...u.state].map(() => (heap.shared ? heap.output(4 * n) : heap.alloc(4 * n)));
    if (ins.some((a) => a === null) || outs.some((a) => a === null)) return null;
    outputs.push(outs as number[]);
    const hasOld = u.state[0] ? 1 : 0;
    const scalars = spec.kind === 'sgd'
      ? [0, f32Bits(-spec.lr)]
      : [f32Bits(Math.sqrt(1 - spec.beta2 ** u.step)), f32Bits(-(spec.lr / (1 - spec.beta1 ** u.step)))];
    for (let start = 0; start < n; start += chunk) {
      const len = Math.min(chunk, n - start);
      const inAt = ins.map((a) => (a ? a + 4 * start : 0));
      const outAt = [0, 1, 2, 3].map((i) => (outs[i] ? outs[i]! + 4 * start : 0));
      segments.push([len, ...inAt, ...outAt, ...scalars, hasOld, 0, 0, 0]); // 16 words, 64 bytes
    }
  }
  const table = heap.words(segments.flat());
  const perPart = Math.ceil(segments.length / Math.min(MAX_TASK_PARTS, t > 1 ? segments.length : 1));
  const parts = Math.ceil(segments.length / perPart);
  const desc = table === null ? null : heap.words([TASK_OPTIM, spec.kind === 'sgd' ? 0 : 1, flags(spec), table, perPart, segments.length, ...hyper(spec)]);
  if (desc === null) return null;
  runTask(rt, desc, parts, t);
  return outputs.map((outs, k) => outs.map((a) => heap.takeF32(a, sizes[k]!)));
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
