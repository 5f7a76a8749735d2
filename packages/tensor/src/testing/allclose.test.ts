import { describe, expect, it } from 'vitest';
import { tensor } from '@dnn/tensor';
import { allclose, compareClose, expectClose, NotCloseError } from './allclose';

describe('allclose', () => {
  it('uses atol + rtol·|expected|, like numpy', () => {
    expect(allclose([1.000009], [1], { rtol: 1e-5, atol: 0 })).toBe(true);
    expect(allclose([1.00002], [1], { rtol: 1e-5, atol: 0 })).toBe(false);
    // asymmetric: the tolerance scales with the expected value
    expect(allclose([0], [1e-3], { rtol: 1, atol: 0 })).toBe(true);
    expect(allclose([1e-3], [0], { rtol: 1, atol: 0 })).toBe(false);
    expect(allclose([1e-9], [0])).toBe(true);
  });

  it('treats NaN as unequal unless equalNan, and equal infinities as equal', () => {
    expect(allclose([NaN], [NaN])).toBe(false);
    expect(allclose([NaN], [NaN], { equalNan: true })).toBe(true);
    expect(allclose([Infinity, -Infinity], [Infinity, -Infinity])).toBe(true);
    expect(allclose([Infinity], [-Infinity])).toBe(false);
    expect(allclose([1], [NaN], { equalNan: true })).toBe(false);
  });

  it('accepts tensors, typed arrays, nested arrays, shaped arrays and numbers', () => {
    const t = tensor([[1, 2], [3, 4]]);
    expect(allclose(t, [[1, 2], [3, 4]])).toBe(true);
    expect(allclose(t, Float64Array.of(1, 2, 3, 4))).toBe(true);
    expect(allclose(t, { shape: [2, 2], data: [1, 2, 3, 4] })).toBe(true);
    expect(allclose(t.sum(), 10)).toBe(true);
    expect(allclose(tensor([true, false]), [1, 0])).toBe(true);
  });

  it('requires equal shapes where both are known, equal sizes otherwise', () => {
    const t = tensor([1, 2, 3, 4], { shape: [2, 2] });
    expect(compareClose(t, [[1, 2, 3, 4]]).message).toBe('shapes differ: actual shape [2,2], expected shape [1,4]');
    expect(allclose(t, [1, 2, 3])).toBe(false);
  });
});

describe('expectClose', () => {
  it('names the worst element with its index, values and both shapes', () => {
    const actual = tensor([[1, 2, 3], [4, 5, 6.5]]);
    const expected = [[1, 2.0001, 3], [4, 5, 6]];
    let err: unknown;
    try {
      expectClose(actual, expected, { rtol: 1e-6, atol: 0, label: 'mul' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotCloseError);
    expect((err as Error).message).toBe(
      'mul: 2 of 6 elements are not close (rtol=0.000001, atol=0); worst at index [1,2]: actual 6.5, expected 6 ' +
        '(|diff| 0.5 > 0.000006); actual shape [2,3], expected shape [2,3]',
    );
    expect((err as NotCloseError).result.worst).toBe(5);
  });

  it('ranks a NaN above every finite miss', () => {
    expect(() => expectClose([1, NaN, 5], [1, 2, 3])).toThrow(/worst at index \[1\]: actual NaN, expected 2/);
  });

  it('passes silently when close', () => {
    expect(() => expectClose(Float32Array.of(0.1, 0.2), [0.1, 0.2], { rtol: 1e-6 })).not.toThrow();
  });
});
