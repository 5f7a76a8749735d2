import { describe, expect, it } from 'vitest';
import { BufferPool, sizeClass } from './buffers';
import { collapse, isDense } from './layout';

describe('size classes', () => {
  it('are at least 16 bytes, powers of two up to 4 KiB, then within 12.5% of the request', () => {
    expect([0, 1, 16, 17, 100, 4096].map(sizeClass)).toEqual([16, 16, 16, 32, 128, 4096]);
    for (const bytes of [4097, 5000, 65537, 1_000_000, 123_456_789]) {
      const c = sizeClass(bytes);
      expect(c).toBeGreaterThanOrEqual(bytes);
      expect(c / bytes).toBeLessThanOrEqual(1.125);
      expect(c % 4).toBe(0);
    }
  });
});

describe('BufferPool (with stand-in buffers)', () => {
  type Fake = GPUBuffer & { destroyed: boolean };
  const fake = (size: number): Fake => {
    const b = { size, destroyed: false, destroy: () => { b.destroyed = true; } };
    return b as unknown as Fake;
  };

  it('hands a freed buffer of the same class out again, and never the same one twice', () => {
    const pool = new BufferPool(fake, 1 << 20);
    const a = pool.acquire(1000, 'test');
    pool.release(a);
    pool.release(a); // a double free is ignored
    const b = pool.acquire(900, 'test');
    const c = pool.acquire(1000, 'test');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(pool.snapshot()).toEqual({ created: 2, inUseBytes: 2048, pooledBytes: 0 });
  });

  it('destroys freed buffers beyond its budget, and on trim', () => {
    const pool = new BufferPool(fake, 4096);
    const [a, b] = [pool.acquire(4096, 't'), pool.acquire(4096, 't')] as Fake[];
    pool.release(a!);
    pool.release(b!);
    expect([a!.destroyed, b!.destroyed]).toEqual([false, true]);
    pool.trim();
    expect(a!.destroyed).toBe(true);
    expect(pool.snapshot().pooledBytes).toBe(0);
  });
});

describe('collapse', () => {
  it('merges dims every view walks as one and drops size-1 dims', () => {
    expect(collapse([2, 3, 4], [[12, 4, 1]])).toEqual({ shape: [24], strides: [[1]] });
    expect(collapse([2, 1, 3], [[3, 99, 1], [0, 5, 0]])).toEqual({ shape: [6], strides: [[1], [0]] });
    expect(collapse([2, 1, 3], [[3, 99, 1], [0, 5, 1]])).toEqual({ shape: [2, 3], strides: [[3, 1], [0, 1]] });
    // a transpose cannot merge
    expect(collapse([3, 2], [[1, 3]])).toEqual({ shape: [3, 2], strides: [[1, 3]] });
    // broadcast dims merge with each other
    expect(collapse([4, 5, 6], [[0, 0, 1], [30, 6, 1]])).toEqual({ shape: [20, 6], strides: [[0, 1], [6, 1]] });
    expect(isDense([24], [1])).toBe(true);
    expect(isDense([24], [-1])).toBe(false);
  });
});
