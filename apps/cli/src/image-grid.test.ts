import { describe, it, expect } from 'vitest';
import { inflateSync } from 'node:zlib';
import { encodeGrayPng } from './image-grid';

describe('grayscale PNG', () => {
  it('has the PNG signature, a valid IHDR, IEND with its well-known CRC, and the pixels behind filter bytes', () => {
    const png = encodeGrayPng(Uint8Array.from([0, 64, 128, 255, 1, 2]), 3, 2);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([3, 2, 8, 0]);
    // IEND's CRC is the same in every PNG: 0xAE426082
    expect(png.readUInt32BE(png.length - 4)).toBe(0xae426082);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('ascii', 37, 41)).toBe('IDAT');
    expect([...inflateSync(png.subarray(41, 41 + idatLength))]).toEqual([0, 0, 64, 128, 0, 255, 1, 2]);
  });
});
