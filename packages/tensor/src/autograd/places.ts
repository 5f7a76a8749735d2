import type { Tensor } from '../tensor';
import { apply } from './engine';
import { fromBuffer } from '../primitives/dispatch';

/**
 * The gradients that `slice` nodes send to one input, gathered instead of placed one by one. A loop
 * that slices a step out of a [T, …] tensor T times would otherwise allocate T zero-filled [T, …]
 * gradients and add them (T² work); gathered, disjoint slices become one assembled tensor.
 */
export interface PlacedPart {
  g: Tensor;
  begin: readonly number[];
  step: readonly number[];
}

/** The last index each part reaches along dim d. */
const end = (p: PlacedPart, d: number): number => p.begin[d]! + (p.g.shape[d]! - 1) * p.step[d]!;

/** True when no two parts' bounding boxes meet (then writing them all is the same as adding them). */
function disjoint(parts: readonly PlacedPart[]): boolean {
  for (let a = 0; a < parts.length; a++) {
    for (let b = a + 1; b < parts.length; b++) {
      const pa = parts[a]!, pb = parts[b]!;
      let meet = true;
      for (let d = 0; d < pa.begin.length && meet; d++) {
        if (pa.g.shape[d] === 0 || pb.g.shape[d] === 0 || end(pa, d) < pb.begin[d]! || end(pb, d) < pa.begin[d]!) meet = false;
      }
      if (meet) return false;
    }
  }
  return true;
}

/** The gradient of a tensor of `like`'s shape that the parts add up to (one or several tensors). */
export function placeParts(like: Tensor, parts: readonly PlacedPart[]): Tensor[] {
  if (parts.length > 1 && disjoint(parts)) {
    const g0 = parts[0]!.g;
    const buf = g0.device.backend.assemble(like.shape, g0.dtype, 0,
      parts.map((p) => ({ src: p.g.viewFor('place'), begin: p.begin, step: p.step })));
    return [fromBuffer(g0, buf, g0.dtype, like.shape)];
  }
  return parts.map((p) => apply('place', [p.g], { shape: like.shape, begin: p.begin, step: p.step }));
}
