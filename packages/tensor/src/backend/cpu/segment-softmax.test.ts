import { describe, expect, it } from 'vitest';
import { Device, cpu } from '../../device';
import { createCpuBackend } from './index';
import { fromTypedArray } from '../../ops/creation';
import { segmentSoftmax } from '../../ops/sparse';
import { gradients } from '../../autograd/api';
import { ValueError } from '../../errors';
import { hostUniform } from '../../testing/host-random';
import type { Tensor } from '../../tensor';

/** The CPU backend without the fused kernels: segmentSoftmax runs its composite (padded max, exp, segment sums). */
const composed = new Device({ ...createCpuBackend(), segmentSoftmax: undefined, segmentSoftmaxBackward: undefined }, 'cpu-composite');
const fused = cpu();

const bits = (t: Tensor): number[] => Array.from(new Uint8Array((t.dataSync() as Float64Array).slice().buffer));

/** Random rows [E, W], segment ids in [0, count) (some segments left empty) and their padded slot table. */
function inputs(device: Device, dtype: 'float32' | 'float64', E: number, W: number, count: number) {
  const v = Float64Array.from(hostUniform(E * W, 1), (u) => u * 6);
  const src = fromTypedArray(dtype === 'float32' ? Float32Array.from(v) : v, [E, W], { dtype, device });
  const ids = Int32Array.from(hostUniform(E, 2, 0, 1), (u) => Math.floor(u * u * (count - 2)));
  const members: number[][] = Array.from({ length: count }, () => []);
  ids.forEach((s, k) => members[s]!.push(k));
  const maxSize = Math.max(...members.map((m) => m.length));
  const slots = Int32Array.from(members.flatMap((m) => [...m, ...Array(maxSize - m.length).fill(E)]));
  return {
    src,
    ids: fromTypedArray(ids, [E], { dtype: 'int32', device }),
    slots: fromTypedArray(slots, [slots.length], { dtype: 'int32', device }),
  };
}

describe.each(['float32', 'float64'] as const)('segmentSoftmax: the CPU kernel against the composite (%s)', (dtype) => {
  it('gives the same bits forward and gradients within rounding', () => {
    const run = (device: Device) => {
      const { src, ids, slots } = inputs(device, dtype, 500, 3, 40);
      src.setRequiresGrad();
      const y = segmentSoftmax(src, ids, 40, slots);
      const [g] = gradients(y.mul(y).mul(src).sum(), [src]) as Tensor[];
      return { y: bits(y), g: Array.from(g!.dataSync()) };
    };
    const a = run(fused), b = run(composed);
    expect(a.y).toEqual(b.y);
    const tol = dtype === 'float32' ? 1e-6 : 1e-14;
    a.g.forEach((v, i) => expect(Math.abs(v - b.g[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b.g[i]!))));
  });
});

describe('segmentSoftmax: arguments', () => {
  it('sums to one in every non-empty segment; rejects ids out of range and mismatched shapes', () => {
    const { src, ids, slots } = inputs(fused, 'float64', 60, 2, 8);
    const y = segmentSoftmax(src, ids, 8, slots);
    const sums = new Float64Array(16);
    const yd = y.dataSync(), id = ids.dataSync();
    for (let k = 0; k < 60; k++) for (let w = 0; w < 2; w++) sums[id[k]! * 2 + w] += yd[k * 2 + w]!;
    for (let s = 0; s < 8; s++) if (Array.from(id).includes(s)) expect(Math.abs(sums[s * 2]! - 1)).toBeLessThan(1e-12);
    const bad = fromTypedArray(Int32Array.from({ length: 60 }, (_, k) => (k === 5 ? 8 : 0)), [60], { dtype: 'int32' });
    expect(() => segmentSoftmax(src, bad, 8, slots).dataSync()).toThrow(ValueError);
    expect(() => segmentSoftmax(src, ids.narrow(0, 0, 59), 8, slots)).toThrow(/segment ids/);
  });
});
