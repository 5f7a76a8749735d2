import { describe, expect, it } from 'vitest';
import type { BinaryOp, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { contiguousStrides } from '../../shape';
import { wasmRuntime } from './runtime';
import { denseView, randomF32, sameBits, tsBackend, wasmBackend } from './test-util';

const one = wasmBackend(1), two = wasmBackend(2);
const LOGICAL: BinaryOp[] = ['logicalAnd', 'logicalOr', 'logicalXor'];

/** Floats where every third is one of NaN, ±0, ±∞, a subnormal or the largest float32, the rest random. */
function awkward(n: number, seed: number): Float32Array {
  const special = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -3.4028234663852886e38, 1];
  return randomF32(n, seed).map((v, i) => (i % 3 === 1 ? special[(i * 7 + seed) % special.length]! : v));
}

/** Bytes 0, 1 and (as a bool buffer may hold after a reinterpretation) 2 and 255. */
function bools(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => [0, 1, 0, 2, 255, 0, 1][((i + seed) * 2654435761 >>> 9) % 7]!);
}

const view = (buffer: TypedArray, dtype: 'float32' | 'bool', shape: number[], strides = contiguousStrides(shape), offset = 0): View<TypedArray> =>
  ({ buffer, dtype, shape, strides, offset });

describe('wasm isnan, isfinite and the logical ops give the TypeScript loops\' bits', () => {
  for (const op of ['isnan', 'isfinite'] as const) {
    it(`${op} over an odd length, a transposed view and two threads`, () => {
      const x = denseView(awkward(4096 + 13, 1), [4096 + 13]);
      const got = one.unary(op, x, 'bool');
      expect(got).toBeInstanceOf(Uint8Array);
      expect(wasmRuntime()!.heap.owns(got)).toBe(true); // the kernel ran
      expect(sameBits(got, tsBackend.unary(op, x, 'bool'))).toBe(true);
      const t = view(awkward(70 * 81, 2), 'float32', [81, 70], [1, 81]);
      expect(sameBits(one.unary(op, t, 'bool'), tsBackend.unary(op, t, 'bool'))).toBe(true);
      const big = denseView(awkward((1 << 18) + 5, 3), [(1 << 18) + 5]);
      expect(sameBits(two.unary(op, big, 'bool'), tsBackend.unary(op, big, 'bool'))).toBe(true);
    });
  }

  const out = [5, 33, 129];
  const n = 5 * 33 * 129;
  for (const op of LOGICAL) {
    it(`${op} of float32 operands (NaN true, −0 false), broadcast and strided`, () => {
      const a = denseView(awkward(n, 4), out);
      const cases: [string, View<TypedArray>][] = [
        ['same shape', denseView(awkward(n, 5), out)],
        ['a row broadcast', view(awkward(129, 6), 'float32', out, [0, 0, 1])],
        ['a column broadcast, odd stride', view(awkward(33 * 3, 7), 'float32', out, [0, 3, 0])],
        ['transposed', view(awkward(n, 8), 'float32', out, [1, 5, 165])],
        ['a scalar', view(Float32Array.of(NaN), 'float32', out, [0, 0, 0])],
      ];
      for (const [name, b] of cases) {
        const got = one.binary(op, a, b, out, 'bool');
        expect(wasmRuntime()!.heap.owns(got), name).toBe(true);
        expect(sameBits(got, tsBackend.binary(op, a, b, out, 'bool')), name).toBe(true);
        expect(sameBits(one.binary(op, b, a, out, 'bool'), tsBackend.binary(op, b, a, out, 'bool')), name).toBe(true);
      }
    });

    it(`${op} of bool operands (any non-zero byte true), broadcast, strided, at an offset and on two threads`, () => {
      const a = view(bools(n + 3, 1), 'bool', out, contiguousStrides(out), 3);
      const cases: [string, View<TypedArray>][] = [
        ['same shape', view(bools(n, 2), 'bool', out)],
        ['a row broadcast', view(bools(129, 3), 'bool', out, [0, 0, 1])],
        ['transposed', view(bools(n, 4), 'bool', out, [1, 5, 165])],
        ['a scalar true', view(Uint8Array.of(1), 'bool', out, [0, 0, 0])],
      ];
      for (const [name, b] of cases) {
        const got = one.binary(op, a, b, out, 'bool');
        expect(wasmRuntime()!.heap.owns(got), name).toBe(true);
        expect(sameBits(got, tsBackend.binary(op, a, b, out, 'bool')), name).toBe(true);
        expect(sameBits(one.binary(op, b, a, out, 'bool'), tsBackend.binary(op, b, a, out, 'bool')), name).toBe(true);
      }
      const shape = [2, 1 << 17];
      const x = view(bools(1 << 18, 5), 'bool', shape), y = view(bools(1 << 17, 6), 'bool', shape, [0, 1]);
      expect(sameBits(two.binary(op, x, y, shape, 'bool'), tsBackend.binary(op, x, y, shape, 'bool'))).toBe(true);
    });
  }
});
