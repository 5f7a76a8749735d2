import type { Tensor } from '../tensor';
import type { Primitive, PrimitiveParams } from '../primitives/params';

/**
 * One recorded primitive application. `inputs` are the caller's tensors (for walking the graph);
 * `saved` are private handles on the same data, so disposing an input never breaks backward.
 */
export class Node<P extends Primitive = Primitive> {
  saved: Tensor[] | null;
  constructor(
    readonly prim: P,
    readonly params: PrimitiveParams[P],
    readonly inputs: readonly Tensor[],
    saved: Tensor[],
    /** Outputs of the forward pass that the rule may reuse (the result itself, pooling indices). */
    readonly extras: Tensor[],
  ) {
    this.saved = saved;
  }

  /** Frees the saved handles once backward no longer needs them. */
  release(): void {
    if (!this.saved) return;
    for (const t of this.saved) t.dispose();
    for (const t of this.extras) t.dispose();
    this.saved = null;
  }
}
