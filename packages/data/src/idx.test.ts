import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IdxError } from './errors';
import { encodeIdx, parseIdx, readIdx } from './idx';

const FILE = 'train-images-idx3-ubyte.gz';
const sample = (): Uint8Array => encodeIdx([2, 3, 2], Uint8Array.from({ length: 12 }, (_, i) => i * 20));

/** Runs fn and returns its IdxError, failing when it throws something else or nothing. */
async function idxError(fn: () => unknown): Promise<IdxError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IdxError);
    expect(e).toBeInstanceOf(Error);
    return e as IdxError;
  }
  throw new Error('expected an IdxError');
}

describe('parseIdx', () => {
  it('reads the header and gives a view of the data', () => {
    const idx = parseIdx(sample(), FILE);
    expect(idx.shape).toEqual([2, 3, 2]);
    expect(Array.from(idx.data)).toEqual(Array.from({ length: 12 }, (_, i) => i * 20));
  });

  it('reads a 1-dim labels file', () => {
    expect(parseIdx(encodeIdx([4], Uint8Array.of(9, 0, 3, 1))).shape).toEqual([4]);
  });

  it('accepts a zero-length dimension', () => {
    expect(parseIdx(encodeIdx([0, 28, 28], new Uint8Array(0))).data.length).toBe(0);
  });

  it('rejects a bad magic, naming the file', async () => {
    const bytes = sample();
    bytes[0] = 0x50;
    const e = await idxError(() => parseIdx(bytes, FILE));
    expect(e.file).toBe(FILE);
    expect(e.message).toBe(`${FILE}: bad magic 0x50 0x00, expected 0x00 0x00 (not an IDX file)`);
  });

  it('names an unsupported data type', async () => {
    const bytes = sample();
    bytes[2] = 0x0d;
    expect((await idxError(() => parseIdx(bytes, FILE))).message).toBe(
      `${FILE}: IDX data type 0x0d (float32) is not supported; only 0x08 (unsigned byte) is`,
    );
    bytes[2] = 0x42;
    expect((await idxError(() => parseIdx(bytes, FILE))).message).toBe(`${FILE}: unknown IDX data type 0x42`);
  });

  it('rejects a dimension count of 0', async () => {
    const bytes = sample();
    bytes[3] = 0;
    expect((await idxError(() => parseIdx(bytes, FILE))).message).toMatch(/^train-images-idx3-ubyte\.gz: bad dimension count 0/);
  });

  it('rejects a header cut short', async () => {
    expect((await idxError(() => parseIdx(Uint8Array.of(0, 0), FILE))).message).toBe(
      `${FILE}: truncated, expected at least a 4-byte header, got 2 bytes`,
    );
    expect((await idxError(() => parseIdx(sample().subarray(0, 10), FILE))).message).toBe(
      `${FILE}: truncated, expected a 16-byte header for 3 dims, got 10 bytes`,
    );
  });

  it('rejects truncated data with the expected and actual sizes', async () => {
    // the real train-images header ([60000,28,28]) followed by too little data
    const bytes = new Uint8Array(1000);
    bytes.set(encodeIdx([60000, 28, 28], new Uint8Array(60000 * 784)).subarray(0, 16));
    expect((await idxError(() => parseIdx(bytes, FILE))).message).toBe(
      `${FILE}: truncated, expected 47040016 bytes of data, got 1000`,
    );
  });

  it('rejects trailing bytes', async () => {
    const bytes = new Uint8Array(sample().length + 3);
    bytes.set(sample());
    expect((await idxError(() => parseIdx(bytes, FILE))).message).toMatch(/3 trailing bytes/);
  });

  it('refuses gzip input and says to decompress it', async () => {
    expect((await idxError(() => parseIdx(gzipSync(sample()), FILE))).message).toMatch(/gzip-compressed/);
  });
});

describe('readIdx', () => {
  it('reads gzipped and plain bytes alike', async () => {
    const plain = await readIdx(sample(), FILE);
    const gz = await readIdx(new Uint8Array(gzipSync(sample())), FILE);
    expect(gz.shape).toEqual(plain.shape);
    expect(Array.from(gz.data)).toEqual(Array.from(plain.data));
  });

  it('reports corrupted gzip (bad deflate data) naming the file', async () => {
    const gz = new Uint8Array(gzipSync(sample()));
    gz.fill(0xff, 10, 20);
    const e = await idxError(() => readIdx(gz, FILE));
    expect(e.message).toMatch(/^train-images-idx3-ubyte\.gz: corrupt gzip data \(.+\)$/);
  });

  it('reports a gzip stream cut short naming the file', async () => {
    const gz = new Uint8Array(gzipSync(sample()));
    const e = await idxError(() => readIdx(gz.subarray(0, gz.length - 6), FILE));
    expect(e.message).toMatch(/^train-images-idx3-ubyte\.gz: corrupt gzip data/);
  });

  it('catches a flipped byte through the gzip CRC', async () => {
    const gz = new Uint8Array(gzipSync(sample()));
    gz[gz.length - 8]! ^= 0x01; // the stored CRC-32
    expect((await idxError(() => readIdx(gz, FILE))).message).toMatch(/corrupt gzip data/);
  });

  it('validates the IDX inside a valid gzip', async () => {
    const bytes = sample().subarray(0, 20);
    expect((await idxError(() => readIdx(new Uint8Array(gzipSync(bytes)), FILE))).message).toBe(
      `${FILE}: truncated, expected 28 bytes of data, got 20`,
    );
  });
});

describe('encodeIdx', () => {
  it('refuses data of the wrong length', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(RangeError);
  });
});
