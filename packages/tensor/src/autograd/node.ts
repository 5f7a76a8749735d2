import type { Tensor } from '../tensor';
import type { Primitive, PrimitiveParams } from '../primitives/params';

/**
 * One recorded primitive application. `inputs` are the caller's tensors (for walking the graph);
 * `saved` are private handles on the same data, so disposing an input never breaks backward.
 *
 * A node counts its holders: the live tensors that carry it (its output, handles on the output —
 * among them the values later nodes saved — and backward while it runs). When the last one lets go,
 * no live tensor can reach the node any more, so its saved values are released at once instead of
 * waiting for garbage collection; that in turn lets go of the nodes upstream.
 */
export class Node<P extends Primitive = Primitive> {
  saved: Tensor[] | null;
  private holders = 0;
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

  hold(): void {
    this.holders++;
  }

  drop(): void {
    if (--this.holders === 0) releaseUnreachable(this);
  }

  /** Frees the saved handles once backward no longer needs them. */
  release(): void {
    if (!this.saved) return;
    for (const t of this.saved) t.dispose();
    for (const t of this.extras) t.dispose();
    this.saved = null;
  }
}

// Releasing a node drops the nodes it saved values of; a queue keeps a long chain (an RNN unrolled over
// many steps) from recursing once per node.
const pending: Node[] = [];
let draining = false;

function releaseUnreachable(node: Node): void {
  pending.push(node);
  if (draining) return;
  draining = true;
  try {
    while (pending.length) pending.pop()!.release();
  } finally {
    draining = false;
  }
}
