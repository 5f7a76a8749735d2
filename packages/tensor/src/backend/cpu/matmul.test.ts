import { describe, expect, it } from 'vitest';
import { gemm } from './matmul';
import { fromTypedArray } from '../../ops/creation';
import { matmul } from '../../ops/matmul';
import { tidy } from '../../memory';
import { expectClose } from '../../testing/allclose';
import { hostUniform } from '../../testing/host-random';

/** The textbook triple loop, in float64, over strided operands. */
function naive(M: number, N: number, K: number, a: ArrayLike<number>, aOff: number, aRow: number, aCol: number,
  b: ArrayLike<number>, bOff: number, bRow: number, bCol: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += a[aOff + i * aRow + k * aCol]! * b[bOff + k * bRow + j * bCol]!;
    c[i * N + j] = s;
  }
  return c;
}

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
const filled = (Arr: Ctor, n: number, seed: number) => Arr.from(hostUniform(n, seed));

// [M, K, N] around the micro-tile (4), the A block (64 rows), the K panel (256) and the B panel (1024 columns)
const SIZES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [3, 2, 5], [4, 4, 4], [5, 7, 3], [7, 17, 33], [17, 33, 1], [33, 9, 65],
  [65, 3, 67], [70, 66, 9], [2, 300, 5], [6, 513, 257], [2, 3, 1030],
];

describe('gemm (the blocked CPU kernel) against the naive triple loop', () => {
  for (const Arr of [Float32Array, Float64Array]) {
    const tol = Arr === Float64Array ? { rtol: 1e-12, atol: 1e-12 } : { rtol: 1e-6, atol: 1e-6 };
    for (const [M, K, N] of SIZES) {
      it(`${Arr.name} ${M}×${K} · ${K}×${N}, row-major`, () => {
        const a = filled(Arr, M * K, M + K), b = filled(Arr, K * N, N + K);
        const c = new Arr(M * N);
        gemm(M, N, K, a, 0, K, 1, b, 0, N, 1, c, 0);
        expectClose(c, naive(M, N, K, a, 0, K, 1, b, 0, N, 1), tol);
      });
      it(`${Arr.name} ${M}×${K} · ${K}×${N}, transposed operands at offsets`, () => {
        // Aᵀ stored [K, M] and Bᵀ stored [N, K], both after 3 leading elements; C written at an offset too
        const a = filled(Arr, 3 + M * K, 2 * M + K), b = filled(Arr, 3 + K * N, 2 * N + K);
        const c = new Arr(5 + M * N).fill(99);
        gemm(M, N, K, a, 3, 1, M, b, 3, 1, K, c, 5);
        expectClose(c.subarray(5), naive(M, N, K, a, 3, 1, M, b, 3, 1, K), tol);
        expect(Array.from(c.subarray(0, 5))).toEqual([99, 99, 99, 99, 99]);
      });
    }
  }

  it('overwrites stale output and handles empty dims', () => {
    const c = Float64Array.of(7, 7, 7, 7);
    gemm(2, 2, 0, new Float64Array(0), 0, 0, 1, new Float64Array(0), 0, 2, 1, c, 0);
    expect(Array.from(c)).toEqual([0, 0, 0, 0]);
  });
});

describe('matmul op on strided views', () => {
  it('a transposed, sliced and broadcast batch agrees with the naive loop', () => {
    tidy(() => {
      const A = fromTypedArray(hostUniform(2 * 9 * 7, 1), [2, 9, 7]);
      const B = fromTypedArray(hostUniform(5 * 9, 2), [5, 9]);
      // a: a stride-2 slice of [2, 9, 7], transposed to [2, 4, 9]; b: [5, 9] transposed, broadcast over the batch
      const a = A.slice([null, null, { step: 2 }]).mT();
      const b = B.T;
      const out = matmul(a, b);
      expect(out.shape).toEqual([2, 4, 5]);
      const Ad = A.dataSync(), Bd = B.dataSync();
      for (let n = 0; n < 2; n++) {
        const want = naive(4, 5, 9, Ad, n * 63, 2, 7, Bd, 0, 1, 9);
        expectClose(out.select(0, n), { shape: [4, 5], data: want }, { rtol: 1e-12, atol: 1e-12 });
      }
    });
  });
});
