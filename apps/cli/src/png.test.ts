import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { encodeGrayPng } from './png';

describe('encodeGrayPng', () => {
  it('writes the signature, a 2×3 greyscale header, the filtered rows and valid chunk CRCs', () => {
    const png = Buffer.from(encodeGrayPng([0, 0.5, 1, 1, 0, 0.25], 3, 2));
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(png.readUInt32BE(16)).toBe(3);
    expect(png.readUInt32BE(20)).toBe(2);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    expect([...inflateSync(png.subarray(41, 41 + idatLength))]).toEqual([0, 0, 128, 255, 0, 255, 0, 64]);
    // IEND's CRC is the well-known constant
    expect(png.readUInt32BE(png.length - 4)).toBe(0xae426082);
  });
});
