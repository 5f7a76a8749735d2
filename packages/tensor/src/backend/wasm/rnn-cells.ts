import type { Backend, StepInto, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { placeDense, placeStrided } from './operand';
import { outputF32 } from '../buffer-pool';
import type { Runtime } from './runtime';
import { PARALLEL_FLOPS } from './matmul';
import { runTask, threadsForWork } from './threads';

type CpuView = View<TypedArray>;

/** The fused recurrent-cell exports of wat/rnn.wat (addresses in bytes, row strides in floats). */
interface RnnCellKernels {
  /** gh = 0: no hidden part. */
  lstm_cell(g: number, gs: number, gh: number, ghs: number, c: number, cs: number, out: number, N: number, H: number): void;
  lstm_cell_bwd(g: number, gs: number, gh: number, ghs: number, c: number, cs: number, o: number, os: number, d: number, ds: number, dx: number, dc: number, N: number, H: number): void;
  /** b = 0: no bias. */
  lstm_cell_act(g: number, gs: number, b: number, gh: number, ghs: number, c: number, cs: number, out: number, act: number, N: number, H: number): void;
  lstm_cell_act_bwd(act: number, c: number, cs: number, dh: number, hs: number, dy: number, ys: number, d: number, ds: number, dx: number, dc: number, N: number, H: number): void;
  /** bi, b = 0: no b_ih, no b_hh. */
  gru_cell_act(gi: number, is: number, bi: number, gh: number, hs: number, b: number, h: number, ss: number, out: number, act: number, N: number, H: number): void;
  gru_cell_act_bwd(act: number, h: number, ss: number, d: number, ds: number, e: number, es: number, f: number, fs: number, dx: number, dy: number, dh: number, N: number, H: number): void;
  gru_cell(gi: number, is: number, gh: number, hs: number, h: number, ss: number, out: number, N: number, H: number): void;
  gru_cell_bwd(gi: number, is: number, gh: number, hs: number, h: number, ss: number, d: number, ds: number, dx: number, dy: number, dh: number, N: number, H: number): void;
}

/** Task kinds of the sequence loop's kernels (their order in wat/tasks.wat's table). */
const TASKS = { lstm_cell_act: 25, lstm_cell_act_bwd: 26, gru_cell_act: 27, gru_cell_act_bwd: 28 } as const;
type RowsKernel = keyof typeof TASKS;
/** Work units per hidden unit of a row, against PARALLEL_FLOPS: a 32 × 256 step splits only while a worker polls. */
const WORK_PER_UNIT = 64;

/**
 * Runs a sequence-loop kernel over N rows of H units; `args` are its arguments before N, each with the
 * bytes it moves per row. On the calling thread, or in row blocks over the pool's threads when the step
 * is worth it: every row is computed as in a whole call, so the bits do not depend on the split.
 */
function runRows(rt: Runtime, threads: number, name: RowsKernel, args: readonly (readonly [number, number])[], N: number, H: number): void {
  const t = N > 1 ? threadsForWork(rt, threads, N * H * WORK_PER_UNIT, PARALLEL_FLOPS) : 1;
  const rows = Math.ceil(N / t);
  const desc = t > 1 ? rt.heap.words([TASKS[name], rows, N, H, ...args.flat()]) : null;
  if (desc === null) {
    (rt.kernels as unknown as Record<RowsKernel, (...a: number[]) => void>)[name](...args.map((a) => a[0]), N, H);
    return;
  }
  runTask(rt, desc, Math.ceil(N / rows), t);
}

/** A 2-D view's first element (byte address) and row stride (floats), read in place when its rows are contiguous. */
interface Rows { addr: number; stride: number }

/** A placed operand as a row kernel's argument: its address and the bytes a row moves it. */
const strided = (r: Rows): [number, number] => [r.addr, 4 * r.stride];

function placeRows(rt: Runtime, v: CpuView): Rows | null {
  const p = v.strides[1] === 1 ? placeStrided(rt.heap, v) : placeDense(rt.heap, v);
  return p && { addr: p.addr + 4 * p.offset, stride: v.strides[1] === 1 ? p.strides[0]! : v.shape[1]! };
}

/**
 * The kernels take float32 [N, H] steps with H a multiple of 4 (four hidden units per SIMD lane
 * group); anything else stays on the TypeScript kernels. A step kernel is small: one thread runs it (the
 * sequence loop's kernels split their rows over the pool's threads while a worker polls, see runRows).
 */
const applies = (N: number, H: number, views: CpuView[]): boolean =>
  N > 0 && H > 0 && H % 4 === 0 && views.every((v) => v.dtype === 'float32' && v.shape.length === 2);

/**
 * Places the inputs and `outSizes` dense float32 outputs, runs `call`, returns the outputs. With `into`,
 * the leading outputs (as many as into.buffers has, or `intoCount` on the first call) are written into
 * the sequence's buffers: in place when they are resident, else copied there after the call.
 */
function run(rt: Runtime, inputs: CpuView[], outSizes: number[], call: (k: RnnCellKernels, rows: Rows[], outs: number[]) => void,
  into?: StepInto<TypedArray>, intoCount = 0): Float32Array[] | null {
  const heap = rt.heap;
  heap.reset();
  const rows: Rows[] = [];
  for (const v of inputs) {
    const r = placeRows(rt, v);
    if (!r) return null;
    rows.push(r);
  }
  const outs: number[] = [];
  // a leading output written in place: the byte address of its whole buffer (new on the first call), else null
  const whole: (number | null)[] = [];
  for (let i = 0; i < outSizes.length; i++) {
    const given = into && i < intoCount ? into.buffers?.[i] : undefined;
    const base = !into || i >= intoCount ? null : given ? heap.residentAt(given) : heap.shared ? heap.output(4 * into.size) : null;
    whole.push(base);
    const at = base === null ? heap.output(4 * outSizes[i]!) : base + 4 * into!.offset;
    if (at === null) return null;
    outs.push(at);
  }
  call(rt.kernels as unknown as RnnCellKernels, rows, outs);
  return outs.map((at, i) => {
    if (!into || i >= intoCount) return heap.takeF32(at, outSizes[i]!);
    const given = into.buffers?.[i] as Float32Array | undefined;
    if (whole[i] !== null) return given ?? heap.takeF32(whole[i]!, into.size);
    // not resident (plain memory): the step's values copied into the sequence's buffer
    const buffer = given ?? outputF32(into.size);
    buffer.set(heap.f32.subarray(at >> 2, (at >> 2) + outSizes[i]!), into.offset);
    return buffer;
  });
}

export function wasmLstmCell(rt: Runtime, gates: CpuView, c: CpuView, gh?: CpuView): Float32Array | null {
  const N = gates.shape[0]!, H = c.shape[1]!;
  const inputs = gh ? [gates, c, gh] : [gates, c];
  if (!applies(N, H, inputs)) return null;
  return run(rt, inputs, [N * 2 * H], (k, [g, s, r], [o]) =>
    k.lstm_cell(g!.addr, g!.stride, r?.addr ?? 0, r?.stride ?? 0, s!.addr, s!.stride, o!, N, H))?.[0] ?? null;
}

export function wasmLstmCellBackward(rt: Runtime, gates: CpuView, c: CpuView, out: CpuView, dOut: CpuView, gh?: CpuView): Float32Array[] | null {
  const N = gates.shape[0]!, H = c.shape[1]!;
  const inputs = gh ? [gates, c, out, dOut, gh] : [gates, c, out, dOut];
  if (!applies(N, H, inputs)) return null;
  return run(rt, inputs, [N * 4 * H, N * H], (k, [g, s, o, d, r], [dx, dc]) =>
    k.lstm_cell_bwd(g!.addr, g!.stride, r?.addr ?? 0, r?.stride ?? 0, s!.addr, s!.stride, o!.addr, o!.stride, d!.addr, d!.stride, dx!, dc!, N, H));
}

export function wasmLstmCellAct(rt: Runtime, gates: CpuView, c: CpuView, gh: CpuView, bias?: CpuView, threads = 1): Float32Array[] | null {
  const N = gates.shape[0]!, H = c.shape[1]!;
  const b = bias && asRow(bias);
  const inputs = b ? [gates, c, gh, b] : [gates, c, gh];
  if (!applies(N, H, inputs)) return null;
  return run(rt, inputs, [N * 2 * H, N * 5 * H], (_, [g, s, r, v], [o, a]) =>
    runRows(rt, threads, 'lstm_cell_act', [strided(g!), [g!.stride, 0], [v?.addr ?? 0, 0], strided(r!), [r!.stride, 0], strided(s!), [s!.stride, 0], [o!, 8 * H], [a!, 20 * H]], N, H));
}

/** A bias vector as a [1, G] view: the kernels read it as one dense row. */
const asRow = (bias: CpuView): CpuView => ({ ...bias, shape: [1, bias.shape[0]!], strides: [bias.shape[0]!, bias.strides[0]!] });

export function wasmLstmCellActBackward(rt: Runtime, act: CpuView, c: CpuView, dh: CpuView, dc: CpuView, dy?: CpuView, into?: StepInto<TypedArray>, threads = 1): Float32Array[] | null {
  const N = act.shape[0]!, H = c.shape[1]!;
  const inputs = dy ? [act, c, dh, dc, dy] : [act, c, dh, dc];
  // act is read as dense [N, 5H] rows
  if (!applies(N, H, inputs) || act.strides[0] !== 5 * H || act.strides[1] !== 1) return null;
  return run(rt, inputs, [N * 4 * H, N * H], (_, [a, s, h, d, y], [dx, dcPrev]) =>
    runRows(rt, threads, 'lstm_cell_act_bwd', [[a!.addr, 20 * H], strided(s!), [s!.stride, 0], strided(h!), [h!.stride, 0],
      y ? strided(y) : [0, 0], [y?.stride ?? 0, 0], strided(d!), [d!.stride, 0], [dx!, 16 * H], [dcPrev!, 4 * H]], N, H), into, 1);
}

export function wasmGruCellAct(rt: Runtime, gi: CpuView, gh: CpuView, h: CpuView, bias?: CpuView, biasIh?: CpuView, threads = 1): Float32Array[] | null {
  const N = gi.shape[0]!, H = h.shape[1]!;
  const b = bias && asRow(bias), bi = biasIh && asRow(biasIh);
  const inputs = [gi, gh, h, ...(b ? [b] : []), ...(bi ? [bi] : [])];
  if (!applies(N, H, inputs)) return null;
  return run(rt, inputs, [N * H, N * 4 * H], (_, [x, y, s, ...rest], [o, a]) => {
    const v = b ? rest[0] : undefined, w = bi ? rest[b ? 1 : 0] : undefined;
    runRows(rt, threads, 'gru_cell_act', [strided(x!), [x!.stride, 0], [w?.addr ?? 0, 0], strided(y!), [y!.stride, 0], [v?.addr ?? 0, 0],
      strided(s!), [s!.stride, 0], [o!, 4 * H], [a!, 16 * H]], N, H);
  });
}

export function wasmGruCellActBackward(rt: Runtime, act: CpuView, h: CpuView, dOut: CpuView, e?: CpuView, f?: CpuView, into?: StepInto<TypedArray>, threads = 1): Float32Array[] | null {
  const N = act.shape[0]!, H = h.shape[1]!;
  const parts = [e, f].filter((v): v is CpuView => v !== undefined);
  if (!applies(N, H, [act, h, dOut, ...parts]) || act.strides[0] !== 4 * H || act.strides[1] !== 1) return null;
  return run(rt, [act, h, dOut, ...parts], [N * 3 * H, N * 3 * H, N * H], (_, [a, s, d, ...rest], [dx, dy, dh]) => {
    const [pe, pf] = e ? [rest[0], f ? rest[1] : undefined] : [undefined, f ? rest[0] : undefined];
    runRows(rt, threads, 'gru_cell_act_bwd', [[a!.addr, 16 * H], strided(s!), [s!.stride, 0], strided(d!), [d!.stride, 0],
      pe ? strided(pe) : [0, 0], [pe?.stride ?? 0, 0], pf ? strided(pf) : [0, 0], [pf?.stride ?? 0, 0], [dx!, 12 * H], [dy!, 12 * H], [dh!, 4 * H]], N, H);
  }, into, 2);
}

export function wasmGruCell(rt: Runtime, gi: CpuView, gh: CpuView, h: CpuView): Float32Array | null {
  const N = gi.shape[0]!, H = h.shape[1]!;
  if (!applies(N, H, [gi, gh, h])) return null;
  return run(rt, [gi, gh, h], [N * H], (k, [x, y, s], [o]) => k.gru_cell(x!.addr, x!.stride, y!.addr, y!.stride, s!.addr, s!.stride, o!, N, H))?.[0] ?? null;
}

export function wasmGruCellBackward(rt: Runtime, gi: CpuView, gh: CpuView, h: CpuView, dOut: CpuView): Float32Array[] | null {
  const N = gi.shape[0]!, H = h.shape[1]!;
  if (!applies(N, H, [gi, gh, h, dOut])) return null;
  return run(rt, [gi, gh, h, dOut], [N * 3 * H, N * 3 * H, N * H], (k, [x, y, s, d], [dx, dy, dh]) =>
    k.gru_cell_bwd(x!.addr, x!.stride, y!.addr, y!.stride, s!.addr, s!.stride, d!.addr, d!.stride, dx!, dy!, dh!, N, H));
}

type CellMethods = Pick<Required<Backend<TypedArray>>, 'lstmCell' | 'lstmCellBackward' | 'lstmCellAct' | 'lstmCellActBackward' | 'gruCellAct' | 'gruCellActBackward' | 'gruCell' | 'gruCellBackward'>;

/** The backend's fused-cell methods: the WebAssembly kernels where they apply, else the TypeScript ones of `ts`. */
export function rnnCellMethods(ts: Backend<TypedArray>, rt: () => Runtime | null, threads: () => number = () => 1): CellMethods {
  const base = ts as Backend<TypedArray> & CellMethods;
  return {
    lstmCell: (gates, c, gh) => viaWasm(rt, (r) => wasmLstmCell(r, gates, c, gh)) ?? base.lstmCell(gates, c, gh),
    lstmCellBackward: (gates, c, out, dOut, gh) =>
      viaWasm(rt, (r) => wasmLstmCellBackward(r, gates, c, out, dOut, gh)) ?? base.lstmCellBackward(gates, c, out, dOut, gh),
    lstmCellAct: (gates, c, gh, bias) => viaWasm(rt, (r) => wasmLstmCellAct(r, gates, c, gh, bias, threads())) ?? base.lstmCellAct(gates, c, gh, bias),
    lstmCellActBackward: (act, c, dh, dc, dy, into) =>
      viaWasm(rt, (r) => wasmLstmCellActBackward(r, act, c, dh, dc, dy, into, threads())) ?? base.lstmCellActBackward(act, c, dh, dc, dy, into),
    gruCellAct: (gi, gh, h, bias, biasIh) => viaWasm(rt, (r) => wasmGruCellAct(r, gi, gh, h, bias, biasIh, threads())) ?? base.gruCellAct(gi, gh, h, bias, biasIh),
    gruCellActBackward: (act, h, dOut, e, f, into) =>
      viaWasm(rt, (r) => wasmGruCellActBackward(r, act, h, dOut, e, f, into, threads())) ?? base.gruCellActBackward(act, h, dOut, e, f, into),
    gruCell: (gi, gh, h) => viaWasm(rt, (r) => wasmGruCell(r, gi, gh, h)) ?? base.gruCell(gi, gh, h),
    gruCellBackward: (gi, gh, h, dOut) => viaWasm(rt, (r) => wasmGruCellBackward(r, gi, gh, h, dOut)) ?? base.gruCellBackward(gi, gh, h, dOut),
  };
}

function viaWasm<T>(rt: () => Runtime | null, f: (r: Runtime) => T | null): T | null {
  const r = rt();
  return r && f(r);
}
