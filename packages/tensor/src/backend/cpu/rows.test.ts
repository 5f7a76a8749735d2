import { describe, expect, it } from 'vitest';
import { gather, indexSelect, scatterAdd, segmentSum } from '../../ops/movement';
import { fromTypedArray, zeros } from '../../ops/creation';
import { ValueError } from '../../errors';
import { hostUniform } from '../../testing/host-random';
import type { Tensor } from '../../tensor';

/**
 * The whole-row kernels (an index broadcast over the trailing dims) against the generic element
 * kernels, which a materialized (contiguous) [E, …] index still takes: the same bits, float32 and
 * float64, with many repeats so that the order of the additions shows.
 */
const values = (dtype: 'float32' | 'float64', shape: number[], seed: number): Tensor => {
  const v = Float64Array.from(hostUniform(shape.reduce((a, b) => a * b, 1), seed), (u) => u * 6 - 3);
  return fromTypedArray(dtype === 'float32' ? Float32Array.from(v) : v, shape, { dtype });
};
const ids = (n: number, count: number, seed: number): Tensor =>
  fromTypedArray(Int32Array.from(hostUniform(n, seed), (v) => Math.floor(v * count)), [n], { dtype: 'int32' });
/** The [E, …rest] index of the generic kernels, materialized so that they cannot take the row path. */
const materialized = (index: Tensor, rest: number[]): Tensor =>
  index.reshape([index.shape[0]!, ...rest.map(() => 1)]).expand([index.shape[0]!, ...rest]).contiguous();
const bits = (t: Tensor): number[] => Array.from(new Uint8Array((t.dataSync() as Float64Array).slice().buffer));

describe.each(['float32', 'float64'] as const)('whole-row gather and scatter-add (%s)', (dtype) => {
  it.each([[[300, 7]], [[64, 3, 5]], [[50, 1]]])('scatter-add of rows %j into 6 segments equals the generic kernel bit for bit', ([...shape]) => {
    const src = values(dtype, shape, 1);
    const index = ids(shape[0]!, 6, 2);
    const rest = shape.slice(1);
    const rows = segmentSum(src, index, 6);
    const generic = scatterAdd(zeros([6, ...rest], { dtype }), 0, materialized(index, rest), src);
    expect(bits(rows)).toEqual(bits(generic));
    // and with a base and a strided (transposed) source
    const base = values(dtype, [6, ...rest], 3);
    const t = values(dtype, [rest.reduce((a, b) => a * b, 1), shape[0]!], 4).T.reshape(shape);
    expect(bits(scatterAdd(base, 0, materialized(index, rest).expand([shape[0]!, ...rest]), t)))
      .toEqual(bits(scatterAdd(base, 0, index.reshape([-1, ...rest.map(() => 1)]).expand(shape), t)));
  });

  it('gather of rows equals the generic kernel, for contiguous and transposed inputs', () => {
    const x = values(dtype, [40, 9], 5);
    const index = ids(200, 40, 6);
    expect(bits(indexSelect(x, 0, index))).toEqual(bits(gather(x, 0, materialized(index, [9]))));
    const xt = values(dtype, [9, 40], 7).T;
    expect(bits(indexSelect(xt, 0, index))).toEqual(bits(gather(xt, 0, materialized(index, [9]))));
  });

  it('an index out of range is a ValueError naming the op', () => {
    const bad = fromTypedArray(Int32Array.from([0, 4]), [2], { dtype: 'int32' });
    expect(() => indexSelect(values(dtype, [4, 3], 8), 0, bad).dataSync()).toThrow(ValueError);
    expect(() => indexSelect(values(dtype, [4, 3], 8), 0, bad).dataSync()).toThrow(/gather: index 4 is out of range for dim 0 of size 4/);
    expect(() => segmentSum(values(dtype, [2, 3], 9), bad, 4).dataSync()).toThrow(/scatterAdd: index 4 is out of range/);
  });
});
