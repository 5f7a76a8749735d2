import { describe, it, expect } from 'vitest';
import { threefry2x32 } from './threefry';
import { threefryFill } from './threefry-fill';

describe('threefryFill', () => {
  it('gives the same words as the reference threefry2x32, across the 32-bit counter boundary', () => {
    const key: [number, number] = [0x13198a2e, 0x03707344];
    const offset = 4294967296 - 5;
    const a = new Uint32Array(10), b = new Uint32Array(10), ref = new Uint32Array(2);
    threefryFill(key[0], key[1], offset, 10, a, b);
    for (let i = 0; i < 10; i++) {
      const c = offset + i;
      threefry2x32(key[0], key[1], c >>> 0, Math.floor(c / 4294967296), ref);
      expect([a[i], b[i]]).toEqual([ref[0], ref[1]]);
    }
    threefryFill(0, 0, 0, 1, a, b);
    expect([a[0], b[0]]).toEqual([0x6b200159, 0x99ba4efe]);
  });
});
