import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors';
import { decodeSafetensors, encodeSafetensors, type RawTensor } from './safetensors';

// ---------------------------------------------------------------- helpers

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const ARRAYS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;
const count = (shape: number[]): number => shape.reduce((a, d) => a * d, 1);
const bytesOf = (t: RawTensor): number[] => [...new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)];

/** A file from header text (or an object, stringified) and a data section; `n` overrides the length field. */
function file(header: string | object | Uint8Array, data: ArrayLike<number> = [], n?: bigint): Uint8Array {
  const h = header instanceof Uint8Array ? header : utf8(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, n ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function refusal(bytes: Uint8Array | ArrayBuffer, opts?: { maxHeaderBytes?: number }): ValueError {
  try {
    decodeSafetensors(bytes, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    expect((e as Error).message).toMatch(/^safetensors: /);
    return e as ValueError;
  }
  throw new Error('decode accepted a file it should refuse');
}

/** Throws (an assertion, not a ValueError) unless `r` is something a caller can use without checking. */
function expectWellFormed(r: ReturnType<typeof decodeSafetensors>, fileLength: number): void {
  expect(r.tensors).toBeInstanceOf(Map);
  let bytes = 0;
  for (const t of r.tensors.values()) {
    expect(t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)).toBe(true);
    expect(t.data).toBeInstanceOf(ARRAYS[t.dtype]);
    expect(t.data.length).toBe(count(t.shape));
    expect(t.data.byteOffset).toBe(0);
    if (t.dtype === 'bool') expect((t.data as Uint8Array).every((b) => b <= 1)).toBe(true);
    bytes += t.data.byteLength;
  }
  expect(bytes).toBeLessThanOrEqual(fileLength * 2); // I64 narrows, so never more than the file holds
  expect(Object.values(r.metadata).every((v) => typeof v === 'string')).toBe(true);
}

// ---------------------------------------------------------------- round trips

const SAMPLES: Record<RawTensor['dtype'], number[]> = {
  float32: [1.5, -0, NaN, Infinity, -3.4028234663852886e38, 1e-45],
  float64: [Math.PI, -0, NaN, -Infinity, 5e-324, Number.MAX_VALUE],
  int32: [0, -1, 2 ** 31 - 1, -(2 ** 31), 7, 42],
  bool: [1, 0, 1, 1, 0, 0],
};

describe('safetensors round trip', () => {
  for (const dtype of Object.keys(SAMPLES) as RawTensor['dtype'][]) {
    it(`${dtype}: 0-d, zero-size, vector and matrix keep bytes and shapes`, () => {
      const A = ARRAYS[dtype];
      const entries: Record<string, RawTensor> = {
        scalar: { dtype, shape: [], data: new A(SAMPLES[dtype].slice(0, 1)) },
        empty: { dtype, shape: [0], data: new A(0) },
        empty3d: { dtype, shape: [2, 0, 3], data: new A(0) },
        vec: { dtype, shape: [6], data: new A(SAMPLES[dtype]) },
        mat: { dtype, shape: [2, 3], data: new A(SAMPLES[dtype]) },
      };
      const back = decodeSafetensors(encodeSafetensors(entries)).tensors;
      expect([...back.keys()].sort()).toEqual(Object.keys(entries).sort());
      for (const [name, t] of Object.entries(entries)) {
        const got = back.get(name)!;
        expect(got.dtype).toBe(dtype);
        expect(got.shape).toEqual(t.shape);
        expect(got.data).toBeInstanceOf(A);
        expect(bytesOf(got)).toEqual(bytesOf(t)); // bytes, so NaN and -0 count too
      }
    });
  }

  it('keeps metadata, odd names and reads from an ArrayBuffer, a SharedArrayBuffer or an unaligned view', () => {
    const entries: Record<string, RawTensor> = {
      '': { dtype: 'float32', shape: [1], data: new Float32Array([1]) },
      'π.weight 😀': { dtype: 'int32', shape: [1], data: new Int32Array([3]) },
      'a"b\\c\n': { dtype: 'bool', shape: [3], data: new Uint8Array([1, 0, 1]) },
    };
    Object.defineProperty(entries, '__proto__', { value: { dtype: 'float64', shape: [], data: new Float64Array([2]) }, enumerable: true });
    const metadata = Object.fromEntries([['format', 'pt'], ['__proto__', 'x'], ['ünï', '"\n']]) as Record<string, string>;
    const bytes = encodeSafetensors(entries, metadata);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1); // data now starts at an odd address
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    for (const input of [bytes.slice().buffer, shifted.subarray(1), shared.buffer]) {
      const r = decodeSafetensors(input);
      expect(r.metadata).toEqual(metadata);
      expect(Object.getPrototypeOf(r.metadata)).toBe(Object.prototype);
      expect(r.tensors.get('__proto__')!.data).toEqual(new Float64Array([2]));
      expect(r.tensors.get('π.weight 😀')!.data).toEqual(new Int32Array([3]));
      expect(r.tensors.get('a"b\\c\n')!.data).toEqual(new Uint8Array([1, 0, 1]));
    }
  });

  it('writes views at their own offset and copies out on read', () => {
    const big = new Float32Array([9, 1, 2, 9]);
    const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [2], data: big.subarray(1, 3) } });
    const got = decodeSafetensors(bytes).tensors.get('w')!;
    expect(got.data).toEqual(new Float32Array([1, 2]));
    bytes.fill(0, bytes.length - 8);
    expect(got.data).toEqual(new Float32Array([1, 2]));
  });

  it('writes bool bytes as 0 or 1', () => {
    const bytes = encodeSafetensors({ m: { dtype: 'bool', shape: [3], data: new Uint8Array([0, 7, 255]) } });
    expect([...decodeSafetensors(bytes).tensors.get('m')!.data]).toEqual([0, 1, 1]);
  });

  it('reads I64 as int32 when every value fits', () => {
    const data = new BigInt64Array([0n, -1n, 2n ** 31n - 1n, -(2n ** 31n)]);
    const bytes = file({ idx: { dtype: 'I64', shape: [2, 2], data_offsets: [0, 32] } }, new Uint8Array(data.buffer));
    const t = decodeSafetensors(bytes).tensors.get('idx')!;
    expect(t.dtype).toBe('int32');
    expect(t.shape).toEqual([2, 2]);
    expect(t.data).toEqual(new Int32Array([0, -1, 2 ** 31 - 1, -(2 ** 31)]));
  });
});

// ---------------------------------------------------------------- exact bytes

describe('safetensors bytes match the reference writer', () => {
  // The first three are the Rust reference's own test vectors (safetensors/src/tensor.rs).
  it('an empty file', () => {
    expect([...encodeSafetensors({})]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
  });

  it('an empty file with metadata', () => {
    expect([...encodeSafetensors({}, { framework: 'pt' })]).toEqual([
      40, 0, 0, 0, 0, 0, 0, 0, ...utf8('{"__metadata__":{"framework":"pt"}}'), 32, 32, 32, 32, 32,
    ]);
  });

  it('one float32 tensor, header padded to 8 bytes', () => {
    const data = new Float32Array([0, 1, 2, 3, 4, 5]);
    expect([...encodeSafetensors({ attn0: { dtype: 'float32', shape: [1, 1, 2, 3], data } })]).toEqual([
      72, 0, 0, 0, 0, 0, 0, 0, ...utf8('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}'), 32, 32, 32, 32, 32, 32, 32,
      0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ]);
  });

  it('mixed dtypes: sorted F64, F32, I32, BOOL, then by name; metadata first', () => {
    const header =
      '{"__metadata__":{"a":"1","b":"2"},' +
      '"x":{"dtype":"F64","shape":[],"data_offsets":[0,8]},' +
      '"v":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},' +
      '"w":{"dtype":"F32","shape":[2],"data_offsets":[12,20]},' +
      '"i":{"dtype":"I32","shape":[1],"data_offsets":[20,24]},' +
      '"a":{"dtype":"BOOL","shape":[3],"data_offsets":[24,27]},' +
      '"e":{"dtype":"BOOL","shape":[0],"data_offsets":[27,27]}}';
    const pad = (8 - (header.length % 8)) % 8;
    expect(pad).toBeGreaterThan(0);
    const expected = [
      ...[(header.length + pad) % 256, (header.length + pad) >> 8, 0, 0, 0, 0, 0, 0], ...utf8(header), ...new Array<number>(pad).fill(32),
      ...[0, 0, 0, 0, 0, 0, 0xe0, 0x3f], // 0.5 as f64
      ...[0, 0, 0x40, 0x40], // 3 as f32
      ...[0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0], // 1, -2 as f32
      ...[0xff, 0xff, 0xff, 0xff], // -1 as i32
      ...[1, 0, 1],
    ];
    const got = encodeSafetensors(
      {
        a: { dtype: 'bool', shape: [3], data: new Uint8Array([1, 0, 1]) },
        e: { dtype: 'bool', shape: [0], data: new Uint8Array(0) },
        i: { dtype: 'int32', shape: [1], data: new Int32Array([-1]) },
        w: { dtype: 'float32', shape: [2], data: new Float32Array([1, -2]) },
        v: { dtype: 'float32', shape: [1], data: new Float32Array([3]) },
        x: { dtype: 'float64', shape: [], data: new Float64Array([0.5]) },
      },
      { b: '2', a: '1' },
    );
    expect([...got]).toEqual(expected);
    expect([...decodeSafetensors(new Uint8Array(expected)).tensors.keys()]).toEqual(['x', 'v', 'w', 'i', 'a', 'e']);
  });

  it('orders names by code point, as Rust orders UTF-8 bytes', () => {
    const t = (): RawTensor => ({ dtype: 'bool', shape: [], data: new Uint8Array([1]) });
    const bytes = encodeSafetensors({ '\u{1F600}': t(), '\uFF21': t(), b: t(), B: t() });
    expect([...decodeSafetensors(bytes).tensors.keys()]).toEqual(['B', 'b', '\uFF21', '\u{1F600}']);
  });
});

// ---------------------------------------------------------------- refusals

describe('safetensors encode refuses bad input', () => {
  const f32 = (data: Float32Array, shape = [data.length]): RawTensor => ({ dtype: 'float32', shape, data });
  it.each<[string, () => unknown, string]>([
    ['reserved name', () => encodeSafetensors({ __metadata__: f32(new Float32Array(1)) }), 'reserved for metadata'],
    ['lone surrogate', () => encodeSafetensors({ '\uD800': f32(new Float32Array(1)) }), 'lone surrogate'],
    ['wrong array type', () => encodeSafetensors({ w: { dtype: 'float32', shape: [1], data: new Float64Array(1) } }), 'tensor "w": float32 data must be a Float32Array'],
    ['length mismatch', () => encodeSafetensors({ w: f32(new Float32Array(3), [2, 2]) }), 'tensor "w": shape [2,2] needs 4 elements, data has 3'],
    ['bad shape', () => encodeSafetensors({ w: f32(new Float32Array(1), [-1]) }), 'tensor "w": shape must be'],
    ['unknown dtype', () => encodeSafetensors({ w: { dtype: 'float16', shape: [], data: new Uint8Array(2) } as unknown as RawTensor }), 'unknown dtype "float16"'],
    ['non-string metadata', () => encodeSafetensors({}, { n: 1 } as unknown as Record<string, string>), 'metadata "n" must be a string'],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(ValueError);
    expect(run).toThrow(message);
  });
});

describe('safetensors decode refuses hostile files', () => {
  const ok = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
  const D8 = new Uint8Array(8);
  const withA = (a: object, data: ArrayLike<number> = D8): Uint8Array => file({ a: { ...ok, ...a } }, data);
  const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

  it.each<[string, Uint8Array, string]>([
    // the length field
    ['an empty file', bytes(), 'file is 0 bytes, shorter than the 8-byte header length'],
    ['a 7-byte file', bytes(2, 0, 0, 0, 0, 0, 0), 'file is 7 bytes'],
    ['a header length past the end', file({ a: ok }, D8, 1000n), 'header length 1000 runs past the end of the file'],
    ['a header length above the cap', file('', [], 100_000_001n), 'header length 100000001 exceeds the cap of 100000000 bytes'],
    ['a header length with the high word set', file('{}', [], 2n ** 63n), `header length ${2n ** 63n} exceeds the cap`],
    // the header as a whole
    ['invalid UTF-8', file(bytes(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d)), 'header is not valid UTF-8'],
    ['a byte-order mark', file('\uFEFF{}'), 'header is not valid JSON'],
    ['an empty header', file(''), 'header is not valid JSON'],
    ['non-JSON', file('{a: 1}'), 'header is not valid JSON'],
    ['a NUL-padded header', file('{}\0\0'), 'header is not valid JSON'],
    ['an array header', file('[]'), 'header must be a JSON object, got []'],
    ['a null header', file('null'), 'header must be a JSON object, got null'],
    ['a string header', file('"x"'), 'header must be a JSON object'],
    // one entry
    ['an entry that is not an object', file({ a: 5 }), 'tensor "a": entry must be an object, got 5'],
    ['dtype F16', withA({ dtype: 'F16' }), 'tensor "a": unsupported dtype "F16" (expected one of F64, F32, I32, I64, BOOL)'],
    ['dtype in lower case', withA({ dtype: 'f32' }), 'tensor "a": unsupported dtype "f32"'],
    ['dtype "constructor"', withA({ dtype: 'constructor' }), 'tensor "a": unsupported dtype "constructor"'],
    ['dtype "__proto__"', withA({ dtype: '__proto__' }), 'unsupported dtype "__proto__"'],
    ['a numeric dtype', withA({ dtype: 4 }), 'tensor "a": unsupported dtype 4'],
    ['no dtype', file({ a: { shape: [2], data_offsets: [0, 8] } }, D8), 'tensor "a": unsupported dtype undefined'],
    ['a shape that is not an array', withA({ shape: 2 }), 'tensor "a": shape must be an array of non-negative integers, got 2'],
    ['a negative dim', withA({ shape: [-2] }), 'tensor "a": shape must be'],
    ['a fractional dim', withA({ shape: [1.5] }), 'tensor "a": shape must be'],
    ['an unsafe dim', withA({ shape: [2 ** 53] }), 'tensor "a": shape must be'],
    ['a string dim', withA({ shape: ['2'] }), 'tensor "a": shape must be'],
    ['a null shape', withA({ shape: null }), 'tensor "a": shape must be'],
    ['one offset', withA({ data_offsets: [0] }), 'tensor "a": data_offsets must be two non-negative integers, got [0]'],
    ['three offsets', withA({ data_offsets: [0, 4, 8] }), 'tensor "a": data_offsets must be two'],
    ['a negative offset', withA({ data_offsets: [-8, 0] }), 'tensor "a": data_offsets must be two'],
    ['a fractional offset', withA({ data_offsets: [0, 7.5] }), 'tensor "a": data_offsets must be two'],
    ['string offsets', withA({ data_offsets: '0,8' }), 'tensor "a": data_offsets must be two'],
    ['an offset past 2^53', withA({ data_offsets: [0, 2 ** 60] }), 'tensor "a": data_offsets must be two'],
    ['begin after end', withA({ data_offsets: [8, 0] }), 'tensor "a": data_offsets [8,0] begin after they end'],
    ['offsets past the data', withA({ data_offsets: [4, 12] }), 'tensor "a": data_offsets [4,12] run past the data section (8 bytes)'],
    ['too few bytes for the shape', withA({ shape: [3] }), 'tensor "a": shape [3] of F32 needs 12 bytes, data_offsets give 8'],
    ['too many bytes for the shape', withA({ shape: [1] }), 'tensor "a": shape [1] of F32 needs 4 bytes, data_offsets give 8'],
    ['a shape of 2^60 elements in a tiny file', withA({ shape: [2 ** 30, 2 ** 30] }), 'tensor "a": shape [1073741824,1073741824] of F32 needs'],
    ['a zero dim beside huge ones', withA({ shape: [2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 0] }), 'needs 0 bytes, data_offsets give 8'],
    // the tensors together
    ['overlapping tensors', file({ a: ok, b: { ...ok, data_offsets: [4, 12] } }, new Uint8Array(12)), 'tensor "b" (bytes 4..12) overlaps tensor "a" (bytes 0..8)'],
    ['two tensors on the same bytes', file({ a: ok, b: ok }, D8), 'overlaps'],
    ['a gap between tensors', file({ a: { ...ok, shape: [1], data_offsets: [0, 4] }, b: { ...ok, shape: [1], data_offsets: [8, 12] } }, new Uint8Array(12)), 'bytes 4..8 of the data section, before tensor "b", belong to no tensor'],
    ['a gap at the start', file({ a: { ...ok, shape: [1], data_offsets: [4, 8] } }, D8), 'bytes 0..4 of the data section, before tensor "a"'],
    ['trailing bytes', withA({}, new Uint8Array(9)), 'bytes 8..9 at the end of the data section belong to no tensor'],
    ['data but no tensors', file({}, D8), 'bytes 0..8 at the end of the data section'],
    // duplicates, which JSON.parse would silently merge
    ['a duplicated tensor', file(`{"a":${JSON.stringify(ok)},"a":${JSON.stringify(ok)}}`, D8), 'tensor "a" appears twice in the header'],
    ['a duplicate spelled with an escape', file(`{"a":${JSON.stringify(ok)},"\\u0061":${JSON.stringify(ok)}}`, D8), 'tensor "a" appears twice'],
    ['a duplicated field', file('{"a":{"dtype":"F64","dtype":"F32","shape":[2],"data_offsets":[0,8]}}', D8), 'tensor "a" has the key "dtype" twice'],
    ['a duplicated metadata key', file('{"__metadata__":{"k":"1","k":"2"}}'), 'metadata has the key "k" twice'],
    ['two metadata entries', file('{"__metadata__":{},"__metadata__":{}}'), 'header has two "__metadata__" entries'],
    // metadata
    ['metadata that is not an object', file({ __metadata__: ['x'] }), '"__metadata__" must be an object of strings, got ["x"]'],
    ['a non-string metadata value', file({ __metadata__: { n: 1 } }), 'metadata "n" must be a string, got 1'],
    // values
    ['a BOOL byte that is not 0 or 1', file({ m: { dtype: 'BOOL', shape: [3], data_offsets: [0, 3] } }, [1, 0, 2]), 'tensor "m": BOOL element 2 is 2, expected 0 or 1'],
    ['an I64 above int32', file({ i: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, [0, 0, 0, 0x80, 0, 0, 0, 0]), 'tensor "i": I64 element 0 is 2147483648, outside the int32 range'],
    ['an I64 below int32', file({ i: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff]), 'tensor "i": I64 element 1 is -2147483649'],
  ])('%s', (_, input, message) => {
    expect(refusal(input).message).toContain(message);
  });

  it('honours a smaller header cap', () => {
    const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [1], data: new Float32Array(1) } });
    expect(refusal(bytes, { maxHeaderBytes: 16 }).message).toContain('exceeds the cap of 16 bytes');
    expect(decodeSafetensors(bytes, { maxHeaderBytes: bytes.length - 12 }).tensors.size).toBe(1);
  });

  it('cuts long names and values short in messages', () => {
    const name = 'n'.repeat(10_000);
    expect(refusal(file({ [name]: 5 })).message.length).toBeLessThan(200);
  });
});

// ---------------------------------------------------------------- fuzz

// Fixed so CI is repeatable; FUZZ_SEED=<n> explores further.
const SEED = Number(process.env.FUZZ_SEED ?? 20240607);
const RUNS = { flips: 4000, resize: 2000, fields: 4000, text: 2000, json: 1500, bytes: 1000 };
const TOTAL = Object.values(RUNS).reduce((a, b) => a + b, 0);
const ROUND_TRIPS = 1000;

const dataArb = (dtype: RawTensor['dtype'], n: number): fc.Arbitrary<RawTensor['data']> => {
  const len = { minLength: n, maxLength: n };
  if (dtype === 'float32') return fc.float32Array(len);
  if (dtype === 'float64') return fc.float64Array(len);
  if (dtype === 'int32') return fc.int32Array(len);
  return fc.uint8Array({ ...len, min: 0, max: 1 });
};
const rawArb: fc.Arbitrary<RawTensor> = fc
  .record({ dtype: fc.constantFrom(...(Object.keys(ARRAYS) as RawTensor['dtype'][])), shape: fc.array(fc.nat(3), { maxLength: 3 }) })
  .chain(({ dtype, shape }) => dataArb(dtype, count(shape)).map((data) => ({ dtype, shape, data })));
const nameArb = fc.string({ unit: 'binary', maxLength: 4 }).filter((s) => s !== '__metadata__' && !/[\uD800-\uDFFF]/u.test(s));
const entriesArb = fc.dictionary(nameArb, rawArb, { maxKeys: 4 });
const metadataArb = fc.option(fc.dictionary(nameArb, fc.string({ maxLength: 4 }), { maxKeys: 2 }), { nil: undefined });
const validFileArb = fc.tuple(entriesArb, metadataArb).map(([e, m]) => encodeSafetensors(e, m));

/** Splits a file we wrote into header text and data section. */
function split(bytes: Uint8Array): { text: string; data: Uint8Array } {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { text: new TextDecoder().decode(bytes.subarray(8, 8 + n)).trimEnd(), data: bytes.subarray(8 + n) };
}

/** Decodes hostile bytes: a well-formed result or a "safetensors:" ValueError pass; anything else fails the property. */
function decodeOrRefuse(bytes: Uint8Array, tally: { ok: number; refused: number }): void {
  let r: ReturnType<typeof decodeSafetensors>;
  try {
    r = decodeSafetensors(bytes);
  } catch (e) {
    if (!(e instanceof ValueError) || !e.message.startsWith('safetensors: ')) throw e;
    tally.refused++;
    return;
  }
  expectWellFormed(r, bytes.length);
  tally.ok++;
}

function fuzz<T>(runs: number, arb: fc.Arbitrary<T>, toBytes: (v: T) => Uint8Array): { ok: number; refused: number } {
  const tally = { ok: 0, refused: 0 };
  fc.assert(fc.property(arb, (v) => decodeOrRefuse(toBytes(v), tally)), { numRuns: runs, seed: SEED });
  expect(tally.ok + tally.refused).toBeGreaterThanOrEqual(runs);
  return tally;
}

const put = (o: Record<string, unknown>, k: string, v: unknown): void => {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true }); // "__proto__" stays a key
};
const weirdArb = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('F16', 'I64', 'I32', 'F64', 'BOOL', 'U8', 'constructor', '__proto__', -1, 1.5, 2 ** 53, 1e300, -0, [], [0], [0, 0, 0], [-1, 4], [4, 0], [0, 2 ** 53], [[1]]),
  fc.array(fc.integer({ min: -1, max: 70 }), { maxLength: 3 }),
);

describe(`safetensors decode fuzz: ${TOTAL} mutated files, never anything but ValueError`, { timeout: 120_000 }, () => {
  it(`${ROUND_TRIPS} random valid files round-trip`, () => {
    fc.assert(
      fc.property(entriesArb, metadataArb, (entries, metadata) => {
        const r = decodeSafetensors(encodeSafetensors(entries, metadata));
        expect(r.metadata).toEqual(metadata ?? {});
        expect(r.tensors.size).toBe(Object.keys(entries).length);
        for (const [name, t] of Object.entries(entries)) {
          const got = r.tensors.get(name)!;
          expect([got.dtype, got.shape, bytesOf(got)]).toEqual([t.dtype, t.shape, bytesOf(t)]);
        }
      }),
      { numRuns: ROUND_TRIPS, seed: SEED },
    );
  });

  it(`${RUNS.flips} files with random bytes overwritten`, () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 });
    fuzz(RUNS.flips, fc.tuple(validFileArb, edits), ([bytes, es]) => {
      const out = bytes.slice();
      for (const [at, b] of es) out[at % out.length] = b;
      return out;
    });
  });

  it(`${RUNS.resize} files truncated or extended`, () => {
    const truncated = fc.tuple(validFileArb, fc.nat()).map(([b, cut]) => b.subarray(0, cut % (b.length + 1)));
    const extended = fc.tuple(validFileArb, fc.uint8Array({ minLength: 1, maxLength: 9 })).map(([b, extra]) => new Uint8Array([...b, ...extra]));
    fuzz(RUNS.resize, fc.oneof(truncated, extended), (b) => b);
  });

  it(`${RUNS.fields} files with one header field replaced`, () => {
    const edit = fc.record({
      at: fc.nat(),
      field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'entry', 'delete', 'nudge', 'duplicate', 'metadata'),
      value: weirdArb,
      nudge: fc.integer({ min: -9, max: 9 }),
      resize: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: -4, max: 4 })),
    });
    const tally = fuzz(RUNS.fields, fc.tuple(validFileArb, edit), ([bytes, { at, field, value, nudge, resize }]) => {
      const { text, data } = split(bytes);
      const header = JSON.parse(text) as Record<string, Record<string, unknown>>;
      const names = Object.keys(header).filter((k) => k !== '__metadata__');
      const name = names[at % Math.max(names.length, 1)] ?? 'new';
      const entry = header[name] ?? {};
      let json: string | undefined;
      if (field === 'entry' || field === 'metadata') put(header, field === 'entry' ? name : '__metadata__', value);
      else if (field === 'delete') delete entry[['dtype', 'shape', 'data_offsets'][at % 3]!];
      else if (field === 'nudge' && Array.isArray(entry.data_offsets)) entry.data_offsets[at % 2] += nudge;
      else if (field === 'duplicate') json = `${JSON.stringify(header).slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value)}}`;
      else put(entry, field, value);
      const resized = resize < 0 ? data.subarray(0, Math.max(0, data.length + resize)) : [...data, ...new Uint8Array(resize)];
      return file(json ?? JSON.stringify(header), resized);
    });
    expect(tally.ok).toBeGreaterThan(RUNS.fields / 10); // the mutations must reach the data copy, not only the checks
  });

  it(`${RUNS.text} files with the header text edited character by character`, () => {
    const alphabet = '{}[]",:0123456789-.eE \\u_aFIBOL';
    const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.nat(alphabet.length - 1));
    fuzz(RUNS.text, fc.tuple(validFileArb, fc.array(edit, { minLength: 1, maxLength: 3 })), ([bytes, edits]) => {
      const { text, data } = split(bytes);
      let t = text;
      for (const [at, op, c] of edits) {
        const i = at % (t.length + 1);
        t = t.slice(0, i) + (op === 'delete' ? '' : alphabet[c]) + t.slice(op === 'insert' ? i : i + 1);
      }
      return file(t, data);
    });
  });

  it(`${RUNS.json} files whose header is random JSON`, () => {
    const headerArb = fc.oneof(fc.json({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), weirdArb).map((o) => JSON.stringify(o)));
    fuzz(RUNS.json, fc.tuple(headerArb, fc.uint8Array({ maxLength: 32 })), ([text, data]) => file(text, data));
  });

  it(`${RUNS.bytes} random byte strings and length fields`, () => {
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(validFileArb, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })).map(([b, n]) => {
        const out = b.slice();
        new DataView(out.buffer).setBigUint64(0, n % 3n === 0n ? n % BigInt(out.length + 1) : n, true);
        return out;
      }),
    );
    fuzz(RUNS.bytes, arb, (b) => b);
  });

  it(`runs at least 10,000 hostile cases (${TOTAL})`, () => {
    expect(TOTAL).toBeGreaterThanOrEqual(10_000);
  });
});
