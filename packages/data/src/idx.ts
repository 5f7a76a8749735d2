import { IdxError } from './errors';
import { gunzip, isGzip } from './gzip';

/**
 * IDX (the MNIST file format): magic 00 00 <type> <ndims>, then ndims big-endian uint32 sizes,
 * then the values in row-major order. See http://yann.lecun.com/exdb/mnist/ (bottom of the page).
 */
export interface IdxArray {
  /** Sizes of each dimension, e.g. [60000, 28, 28]. */
  readonly shape: readonly number[];
  /** The values, row-major; a view into the file's bytes (no copy). */
  readonly data: Uint8Array;
}

// Every IDX type code, so an unsupported one is named rather than shown as a number only.
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
const UBYTE = 0x08;
// Real files have 1 to 3 dims; the cap only stops a garbage byte from claiming 255 of them.
const MAX_DIMS = 16;

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

/**
 * Parses an uncompressed IDX file. Platform-free: give it the bytes, however they were read.
 * `file` is only used to name the file in errors.
 */
export function parseIdx(bytes: Uint8Array, file = '<idx>'): IdxArray {
  const fail = (reason: string): never => {
    throw new IdxError(file, reason);
  };
  if (isGzip(bytes)) fail('is gzip-compressed; decompress it first (readIdx does)');
  if (bytes.length < 4) fail(`truncated, expected at least a 4-byte header, got ${bytes.length} bytes`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`bad magic ${hex(bytes[0]!)} ${hex(bytes[1]!)}, expected 0x00 0x00 (not an IDX file)`);
  }
  const type = bytes[2]!;
  if (type !== UBYTE) {
    const name = TYPE_NAMES[type];
    fail(
      name === undefined
        ? `unknown IDX data type ${hex(type)}`
        : `IDX data type ${hex(type)} (${name}) is not supported; only 0x08 (unsigned byte) is`,
    );
  }
  const ndims = bytes[3]!;
  if (ndims === 0 || ndims > MAX_DIMS) fail(`bad dimension count ${ndims}, expected 1 to ${MAX_DIMS}`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    fail(`truncated, expected a ${headerLength}-byte header for ${ndims} dims, got ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    shape.push(size);
    count *= size;
  }
  if (!Number.isSafeInteger(count)) fail(`dimensions [${shape.join(',')}] are too large`);
  const expected = headerLength + count; // one byte per ubyte value
  if (bytes.length < expected) fail(`truncated, expected ${expected} bytes of data, got ${bytes.length}`);
  if (bytes.length > expected) {
    fail(`${bytes.length - expected} trailing bytes, expected ${expected} bytes for shape [${shape.join(',')}]`);
  }
  return { shape, data: bytes.subarray(headerLength) };
}

/** Parses IDX bytes that may be gzip-compressed (detected by the 1f 8b magic, not the name). */
export async function readIdx(bytes: Uint8Array, file = '<idx>'): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, file) : bytes, file);
}

/** Encodes a ubyte IDX file: the inverse of parseIdx, used by tests and the subset script. */
export function encodeIdx(shape: readonly number[], data: Uint8Array): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new RangeError(`encodeIdx: shape [${shape.join(',')}] needs ${count} values, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * shape.length + count);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = shape.length;
  shape.forEach((s, d) => view.setUint32(4 + 4 * d, s, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}
