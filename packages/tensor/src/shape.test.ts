import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { broadcastShapes, contiguousStrides, isContiguous, normDim, numel } from './shape';
import { ShapeError } from './errors';
import { fromTypedArray } from './ops/creation';
import * as R from './testing/reference';
import { expectClose } from './testing/allclose';

/** A base shape and shapes that broadcast to it: leading dims dropped, some dims set to 1. */
const compatible = (count: number) =>
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }).chain((base) =>
    fc.tuple(
      ...Array.from({ length: count }, () =>
        fc.tuple(fc.integer({ min: 0, max: base.length }), fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }))
          .map(([drop, ones]) => base.map((d, i) => (ones[i] ? 1 : d)).slice(drop)),
      ),
    ),
  );

describe('broadcastShapes', () => {
  it('is commutative', () => {
    fc.assert(fc.property(compatible(2), ([a, b]) => {
      expect(broadcastShapes('op', a, b)).toEqual(broadcastShapes('op', b, a));
    }));
  });

  it('is associative', () => {
    fc.assert(fc.property(compatible(3), ([a, b, c]) => {
      const left = broadcastShapes('op', broadcastShapes('op', a, b), c);
      expect(broadcastShapes('op', a, broadcastShapes('op', b, c))).toEqual(left);
      expect(broadcastShapes('op', a, b, c)).toEqual(left);
    }));
  });

  it('has [] as identity and agrees with the NumPy rule of the reference', () => {
    fc.assert(fc.property(compatible(2), ([a, b]) => {
      expect(broadcastShapes('op', a, [])).toEqual(a);
      expect(broadcastShapes('op', a, b)).toEqual(R.broadcastShape(a, b));
    }));
  });

  it('element-wise ops on broadcast operands equal the ops on explicitly expanded operands', () => {
    fc.assert(fc.property(compatible(2), fc.integer({ min: 0, max: 1000 }), ([a, b], seed) => {
      const out = broadcastShapes('op', a, b);
      const x = fromTypedArray(Float64Array.from({ length: numel(a) }, (_, i) => Math.sin(seed + i)), a);
      const y = fromTypedArray(Float64Array.from({ length: numel(b) }, (_, i) => Math.cos(seed - i)), b);
      const implicit = x.mul(y).sub(y);
      const explicit = x.expand(out).mul(y.expand(out)).sub(y.expand(out));
      expect(implicit.shape).toEqual(out);
      expectClose(implicit, explicit, { rtol: 0, atol: 0 });
      expectClose(implicit, R.map((p, q) => p * q - q, R.ref(x.dataSync(), a), R.ref(y.dataSync(), b)), { rtol: 0, atol: 0 });
    }), { numRuns: 60 });
  });

  it('rejects incompatible shapes with a ShapeError naming the op and the shapes', () => {
    expect(() => broadcastShapes('mul', [2, 3], [4, 3])).toThrow(new ShapeError('mul: shapes [2,3] and [4,3] cannot be broadcast together'));
    fc.assert(fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 }), (p, q) => {
      fc.pre(p !== q);
      expect(() => broadcastShapes('add', [p], [q, 1, q])).toThrow(ShapeError);
    }));
  });
});

describe('shape helpers', () => {
  it('contiguous strides are row-major and recognized as contiguous', () => {
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(contiguousStrides([])).toEqual([]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 5 }), (shape) => {
      expect(isContiguous(shape, contiguousStrides(shape))).toBe(true);
    }));
    expect(isContiguous([2, 3], [1, 2])).toBe(false);
    // size-1 dims may carry any stride
    expect(isContiguous([2, 1, 3], [3, 99, 1])).toBe(true);
  });

  it('normDim wraps negative dims and names the op when out of range', () => {
    expect(normDim(-1, 3, 'sum')).toBe(2);
    expect(() => normDim(3, 3, 'sum')).toThrow(new ShapeError('sum: dim 3 out of range for a tensor of rank 3'));
    expect(() => normDim(-4, 3, 'sum')).toThrow(ShapeError);
  });
});
