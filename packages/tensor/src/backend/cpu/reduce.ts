import type { ArgReduceOp, ReduceOp } from '../contract';
import type { TypedArray } from '../../dtype';

/** out[o] = op over x[o*inner .. (o+1)*inner) for a dense x. */
export function reduceBlocks(op: ReduceOp, x: TypedArray, inner: number, out: TypedArray): void {
  const outer = out.length;
  for (let o = 0; o < outer; o++) {
    const s = o * inner;
    const e = s + inner;
    let acc: number;
    switch (op) {
      case 'sum': acc = 0; for (let i = s; i < e; i++) acc += x[i]!; break;
      case 'prod': acc = 1; for (let i = s; i < e; i++) acc *= x[i]!; break;
      case 'max':
        acc = -Infinity;
        for (let i = s; i < e; i++) { const v = x[i]!; if (v > acc || v !== v) { acc = v; if (v !== v) break; } }
        break;
      case 'min':
        acc = Infinity;
        for (let i = s; i < e; i++) { const v = x[i]!; if (v < acc || v !== v) { acc = v; if (v !== v) break; } }
        break;
      case 'any': acc = 0; for (let i = s; i < e; i++) if (x[i] !== 0) { acc = 1; break; } break; // NaN is true, as in PyTorch
      case 'all': acc = 1; for (let i = s; i < e; i++) if (x[i] === 0) { acc = 0; break; } break;
    }
    out[o] = acc;
  }
}

/** Index of the first maximum (or minimum) of each block; NaN wins, as in PyTorch. */
export function argReduceBlocks(op: ArgReduceOp, x: TypedArray, inner: number, out: Int32Array): void {
  const outer = out.length;
  const isMax = op === 'argmax';
  for (let o = 0; o < outer; o++) {
    const s = o * inner;
    let best = 0;
    let bv = x[s]!;
    for (let i = 1; i < inner; i++) {
      const v = x[s + i]!;
      if (bv !== bv) break;
      if (v !== v || (isMax ? v > bv : v < bv)) { bv = v; best = i; }
    }
    out[o] = best;
  }
}
