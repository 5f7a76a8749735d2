import { concat, gruCell, lstmCell, matmul, permute, ref, type Ref } from './reference';

/** Rows [N, W] of step t of a [T, N, W] array. */
const step = (x: Ref, t: number): Ref => {
  const [, N, W] = x.shape as [number, number, number];
  return ref(x.data.subarray(t * N * W, (t + 1) * N * W), [N, W]);
};
/** Row n of `a` where step t is inside sequence n, else row n of `b` (both [N, W]). */
const pick = (inside: (n: number) => boolean, a: Ref, b: Ref): Ref => {
  const W = a.shape[1]!;
  return ref(a.data.map((v, i) => (inside(Math.floor(i / W)) ? v : b.data[i]!)), a.shape);
};
const split = (x: Ref, at: number): [Ref, Ref] => {
  const [N, W] = x.shape as [number, number];
  const col = (from: number, to: number) => ref(Array.from({ length: N * (to - from) }, (_, k) => x.data[Math.floor(k / (to - from)) * W + from + (k % (to - from))]!), [N, to - from]);
  return [col(0, at), col(at, W)];
};

/**
 * The `rnnSequence` primitive in float64, step by step from the cells' definitions: the flat
 * [output [T, N, P], hN (, cN)], padded steps keeping the state and giving zeros.
 */
export function rnnSequence(cell: 'lstm' | 'gru', inputs: readonly Ref[], reverse: boolean, lengths: readonly number[] | null): Ref {
  const gi = inputs[0]!, T = gi.shape[0]!;
  const lstm = cell === 'lstm';
  let h = inputs[1]!, c = lstm ? inputs[2]! : null;
  const w = inputs[lstm ? 3 : 2]!, extra = inputs[lstm ? 4 : 3];
  const ys: Ref[] = new Array(T);
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    const inside = (n: number) => !lengths || t < lengths[n]!;
    let gh = matmul(h, permute(w, [1, 0]));
    let h2: Ref, c2: Ref | null = null;
    if (lstm) {
      [h2, c2] = split(lstmCell(step(gi, t), c!, gh), c!.shape[1]!);
      if (extra) h2 = matmul(h2, permute(extra, [1, 0]));
    } else {
      if (extra) gh = ref(gh.data.map((v, i) => v + extra.data[i % extra.data.length]!), gh.shape);
      h2 = gruCell(step(gi, t), gh, h);
    }
    ys[t] = pick(inside, h2, ref(new Float64Array(h2.data.length), h2.shape));
    h = pick(inside, h2, h);
    if (lstm) c = pick(inside, c2!, c!);
  }
  const flat = (x: Ref) => ref(x.data);
  return concat([...ys.map(flat), flat(h), ...(c ? [flat(c)] : [])], 0);
}
