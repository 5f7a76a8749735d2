import type { Tensor } from '../tensor';
import type { StepInto } from '../backend/contract';
import { fromBuffer } from './dispatch';

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
    return this.whole.map((w) => w.narrow(0, t * this.N, this.N));
  }

  /** The [T·N, G] outputs, every step written. */
  all(): Tensor[] {
    return this.whole!;
  }
}
