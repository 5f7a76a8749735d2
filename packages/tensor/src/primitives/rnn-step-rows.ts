import type { Tensor } from '../tensor';
import type { StepInto } from '../backend/contract';
import { isGradEnabled } from '../autograd/mode';
import { opObserver } from '../autograd/observer';
import { fromBuffer, viewOf } from './dispatch';

/**
 * The loops' views of one step or one gate: plain views while nothing records them (no tape node, no
 * trip through the engine: a sequence takes hundreds), else the differentiable ops.
 */
const recording = (): boolean => isGradEnabled() || opObserver !== null;

/** x[t] along the first dim. */
export function stepOf(x: Tensor, t: number): Tensor {
  return recording() ? x.select(0, t) : viewOf(x, x.shape.slice(1), x.strides.slice(1), x.offset + t * x.strides[0]!);
}

/** Rows [from, from + count) of x along the first dim. */
export function rowsOf(x: Tensor, from: number, count: number): Tensor {
  return recording() ? x.narrow(0, from, count) : viewOf(x, [count, ...x.shape.slice(1)], x.strides, x.offset + from * x.strides[0]!);
}

/** Columns [from, from + count) of a 2-D x. */
export function columnsOf(x: Tensor, from: number, count: number): Tensor {
  return recording() ? x.narrow(1, from, count) : viewOf(x, [x.shape[0]!, count], x.strides, x.offset + from * x.strides[1]!);
}

/**
 * The leading outputs of a sequence loop's backward steps (LSTM: dgates; GRU: dgi, dgh), written by the
 * backend one under the other into one [T·N, G] tensor each as the loop goes (`StepInto`), so the weight
 * gradients' products over all T·N rows read them without a concat copying every step's rows again.
 * The first call makes the buffers; every step then gets views of its N rows.
 */
export class StepRows {
  private whole: Tensor[] | null = null;

  constructor(private readonly T: number, private readonly N: number, private readonly G: number) {}

  /** Where step t's outputs go. */
  into(t: number): StepInto {
    return { offset: t * this.N * this.G, size: this.T * this.N * this.G, buffers: this.whole?.map((w) => w.viewFor('rnnSequence').buffer) };
  }

  /** Step t's rows of each output, from the backend's results (the whole buffers) for that step. */
  rows(t: number, results: readonly unknown[], like: Tensor): Tensor[] {
    this.whole ??= results.map((b) => fromBuffer(like, b, like.dtype, [this.T * this.N, this.G]));
    return this.whole.map((w) => rowsOf(w, t * this.N, this.N));
  }

  /** The [T·N, G] outputs, every step written. */
  all(): Tensor[] {
    return this.whole!;
  }
}
