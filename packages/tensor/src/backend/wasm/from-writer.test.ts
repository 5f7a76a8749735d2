import { describe, expect, it } from 'vitest';
import { cpu } from '../../device';
import { DTypeError, ValueError } from '../../errors';
import { tidy } from '../../memory';
import { fromTypedArray, fromWriter, fromWriterAsync } from '../../ops/creation';
import { wasmRuntime } from './runtime';
import { sameBits } from './test-util';

const ramp = (data: ArrayLike<number> & { [i: number]: number }) => {
  for (let i = 0; i < data.length; i++) data[i] = (i % 97) / 7 - 3;
};

describe('fromWriter: a tensor written in place', () => {
  it('hands out a zeroed array in the kernels\' memory that becomes the storage as it is, and the values match fromTypedArray', () => {
    const heap = wasmRuntime()!.heap;
    const before = cpu().memory(), resident = heap.stats().residentBytes;
    let handed: Float32Array | null = null;
    const x = fromWriter([64, 784], (data) => {
      handed = data as Float32Array;
      expect(data).toBeInstanceOf(Float32Array);
      expect(data.every((v) => Object.is(v, 0))).toBe(true);
      ramp(data);
    });
    expect(x.storage.buffer).toBe(handed); // no copy on the way in
    expect(heap.owns(x.storage.buffer as Float32Array)).toBe(true);
    expect(heap.stats().residentBytes).toBeGreaterThanOrEqual(resident + 4 * 64 * 784);
    const host = new Float32Array(64 * 784);
    ramp(host);
    const y = fromTypedArray(host, [64, 784]);
    // the first kernel reads it in place and gets what the copied-in array gives
    const product = (t: typeof x) => tidy(() => t.relu().matmul(t.T).dataSync() as Float32Array);
    expect(sameBits(product(x), product(y))).toBe(true);
    x.dispose();
    y.dispose();
    expect(cpu().memory()).toEqual(before);
    expect(heap.stats().residentBytes).toBe(resident);
  });

  it('a block given back is zeroed again for the next writer (it never hands out old values)', () => {
    const a = fromWriter([4096], (d) => d.fill(7));
    a.dispose();
    const b = fromWriter([4096], (d) => {
      expect(d.every((v) => v === 0)).toBe(true);
      d[0] = 1;
    });
    expect(Array.from(b.dataSync().subarray(0, 3))).toEqual([1, 0, 0]);
    b.dispose();
  });

  it('a writer that throws releases the memory and makes no tensor', () => {
    const heap = wasmRuntime()!.heap;
    const before = cpu().memory(), resident = heap.stats().residentBytes;
    expect(() => fromWriter([100, 100], () => { throw new Error('disk gone'); })).toThrow('disk gone');
    expect(cpu().memory()).toEqual(before);
    expect(heap.stats().residentBytes).toBe(resident);
  });

  it('the async form waits for the writer, and a rejected writer releases the memory too', async () => {
    const heap = wasmRuntime()!.heap;
    const before = cpu().memory(), resident = heap.stats().residentBytes;
    const x = await fromWriterAsync([50, 50], async (d) => {
      await Promise.resolve();
      d.fill(2.5);
    });
    expect(x.shape).toEqual([50, 50]);
    expect(tidy(() => x.sum().item())).toBe(2.5 * 2500);
    x.dispose();
    await expect(fromWriterAsync([50, 50], async () => { throw new Error('late'); })).rejects.toThrow('late');
    expect(cpu().memory()).toEqual(before);
    expect(heap.stats().residentBytes).toBe(resident);
  });

  it('small, integer and float16 tensors get ordinary arrays (float16 rounded as fromTypedArray rounds it)', () => {
    const small = fromWriter([3], (d) => d.set([1, 2, 3]));
    expect(Array.from(small.dataSync())).toEqual([1, 2, 3]);
    const ints = fromWriter([2, 2], (d) => {
      expect(d).toBeInstanceOf(Int32Array);
      d.set([1, -2, 3, -4]);
    }, { dtype: 'int32' });
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 3, -4]);
    const half = fromWriter([2], (d) => d.set([0.1, 65519]), { dtype: 'float16' });
    const viaArray = fromTypedArray(Float64Array.of(0.1, 65519), [2], { dtype: 'float16' });
    expect(Array.from(half.dataSync())).toEqual(Array.from(viaArray.dataSync()));
    for (const t of [small, ints, half, viaArray]) t.dispose();
  });

  it('rejects a bad shape or dtype before writing, naming the op', () => {
    let called = false;
    expect(() => fromWriter([2, -1], () => { called = true; })).toThrow(ValueError);
    expect(() => fromWriter([2, -1], () => {})).toThrow(/fromWriter/);
    expect(() => fromWriter([2], () => { called = true; }, { dtype: 'float8' as never })).toThrow(DTypeError);
    expect(called).toBe(false);
  });
});
