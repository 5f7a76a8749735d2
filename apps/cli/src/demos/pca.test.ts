import { describe, expect, it } from 'vitest';
import { pca2 } from './pca';

describe('pca2', () => {
  it('recovers the two axes of an axis-aligned cloud, largest variance first', () => {
    // variance 100 along column 2, 1 along column 0, 0 along column 1
    const rows = [[1, 0, 10], [-1, 0, -10], [1, 0, -10], [-1, 0, 10]];
    const p = pca2(rows);
    expect(p.map((r) => Math.abs(r[0]!))).toEqual([10, 10, 10, 10].map((v) => expect.closeTo(v, 9)));
    expect(p.map((r) => Math.abs(r[1]!))).toEqual([1, 1, 1, 1].map((v) => expect.closeTo(v, 9)));
    // signs follow the data: rows 0 and 3 share the sign of column 2
    expect(Math.sign(p[0]![0]!)).toBe(Math.sign(p[3]![0]!));
    expect(Math.sign(p[0]![0]!)).toBe(-Math.sign(p[1]![0]!));
  });
});
