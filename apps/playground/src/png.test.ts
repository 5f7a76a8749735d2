import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, grayVariance } from './png';

/** A PNG written by hand: IHDR, one IDAT with the given filtered rows, IEND (CRCs are not checked by the decoder). */
function png(width: number, height: number, colorType: number, filteredRows: number[][]): Uint8Array {
  const chunk = (type: string, body: Uint8Array) => {
    const out = Buffer.alloc(12 + body.length);
    out.writeUInt32BE(body.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(body).copy(out, 8);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(filteredRows.flat()))), chunk('IEND', new Uint8Array())]);
}

describe('decodePng', () => {
  it('undoes the sub, up, average and Paeth filters of a grayscale image', () => {
    // rows of 3 pixels; expected values worked out by hand from the PNG specification's filter formulas
    const d = decodePng(png(3, 4, 0, [[1, 10, 5, 5], [2, 1, 1, 1], [3, 0, 4, 0], [4, 1, 1, 1]]));
    // row 0 sub: 10, 15, 20; row 1 up: 11, 16, 21; row 2 average: (0+11)>>1 = 5, 4+(5+16)>>1 = 14, (14+21)>>1 = 17
    // row 3 Paeth: i0 a=0,b=5,c=0 → p=5 → b → 6; i1 a=6,b=14,c=5 → p=15 → b (pb=1) → 15; i2 a=15,b=17,c=14 → p=18 → b → 18
    expect(Array.from(d.pixels)).toEqual([10, 15, 20, 11, 16, 21, 5, 14, 17, 6, 15, 18]);
    expect([d.width, d.height, d.channels]).toEqual([3, 4, 1]);
  });

  it('gives zero gray variance for a flat RGBA image and the exact variance for a two-level one', () => {
    const flat = decodePng(png(2, 1, 6, [[0, 9, 9, 9, 255, 9, 9, 9, 255]]));
    expect(grayVariance(flat)).toBe(0);
    const twoLevels = decodePng(png(2, 1, 2, [[0, 0, 0, 0, 100, 100, 100]]));
    expect(grayVariance(twoLevels)).toBe(2500); // values 0 and 100: mean 50, variance 50²
  });
});
