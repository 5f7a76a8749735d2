/**
 * safetensors, the byte format only (no Tensor): an 8-byte little-endian header length N,
 * N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`,
 * then the tensors' raw little-endian bytes, offsets counted from the end of the header.
 * Written as the Rust reference writes it, so PyTorch reads our files and we read theirs;
 * read defensively, since a model file is often downloaded from a stranger.
 */
import type { DType, TypedArray } from '../dtype';
import { ValueError, fmtShape } from '../errors';
import { findDuplicateKey, jsonDepth } from './json-keys';

/** The dtypes a file can hold here (float16 is not read or written yet: cast to float32 to save). */
export type SafetensorsDType = Exclude<DType, 'float16'>;

/** One tensor as the file holds it: contiguous, row-major. bool is one byte, 0 or 1. */
export interface RawTensor {
  dtype: SafetensorsDType;
  shape: number[];
  data: TypedArray;
}

export interface DecodeOptions {
  /** Largest JSON header accepted, in bytes (default: the reference's 100 MB). */
  maxHeaderBytes?: number;
}

export interface DecodedSafetensors {
  /** In file order (by data offset). */
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string>;
}

export const MAX_HEADER_BYTES = 100_000_000;
/** A valid header nests 3 deep (header → tensor → shape); deeper ones are refused before they are parsed. */
const MAX_HEADER_DEPTH = 64;
const METADATA_KEY = '__metadata__';

// `rank` is the reference's Dtype order (BOOL < I32 < F32 < F64); its writer sorts by it, descending,
// then by name, so that each tensor starts aligned to its element size.
const WRITE: Record<SafetensorsDType, { tag: string; size: number; rank: number; Array: new (n: number) => TypedArray }> = {
  float64: { tag: 'F64', size: 8, rank: 3, Array: Float64Array },
  float32: { tag: 'F32', size: 4, rank: 2, Array: Float32Array },
  int32: { tag: 'I32', size: 4, rank: 1, Array: Int32Array },
  bool: { tag: 'BOOL', size: 1, rank: 0, Array: Uint8Array },
};
// A Map, not an object: a hostile dtype such as "constructor" must not find a prototype member.
// I64 has no dnn dtype: PyTorch saves index tensors as int64, so it is narrowed to int32 with a range check.
const READ = new Map<string, { dtype: SafetensorsDType; size: number }>([
  ['F64', { dtype: 'float64', size: 8 }],
  ['F32', { dtype: 'float32', size: 4 }],
  ['I32', { dtype: 'int32', size: 4 }],
  ['I64', { dtype: 'int32', size: 8 }],
  ['BOOL', { dtype: 'bool', size: 1 }],
]);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function fail(message: string): never {
  throw new ValueError(`safetensors: ${message}`);
}

/** A value for an error message, cut short: hostile headers can hold megabyte strings. */
function show(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = Object.prototype.toString.call(v); // never String(v): an array's toString recurses as deep as it nests
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

const tensorName = (name: string): string => `tensor ${show(name)}`;
// A zero anywhere means no elements, even beside dims whose product overflows to Infinity (0 * Infinity is NaN).
// Otherwise a product past 2^53 is inexact but still larger than any real byte count, so the size checks catch it.
const elementCount = (shape: number[]): number => (shape.includes(0) ? 0 : shape.reduce((a, d) => a * d, 1));
const isSize = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// Rust strings cannot hold a lone surrogate, so the reference would refuse such a header.
const hasLoneSurrogate = (s: string): boolean => /[\uD800-\uDFFF]/u.test(s);

/** The file is little-endian whatever the host; a no-op on little-endian hosts, its own inverse elsewhere. */
function swapOnBigEndian(bytes: Uint8Array, size: number): void {
  if (LITTLE_ENDIAN || size === 1) return;
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

/** Rust sorts names by UTF-8 bytes, i.e. by code point; JS's `<` compares UTF-16 units, which differs past U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------- writing

function checkEntry(name: string, t: RawTensor): RawTensor {
  const where = tensorName(name);
  if (name === METADATA_KEY) fail(`the name ${show(name)} is reserved for metadata`);
  if (hasLoneSurrogate(name)) fail(`${where}: name is not valid Unicode (lone surrogate)`);
  if (!isRecord(t) || !Object.hasOwn(WRITE, t.dtype)) fail(`${where}: unknown dtype ${show(isRecord(t) ? t.dtype : t)}`);
  if (!Array.isArray(t.shape) || !t.shape.every(isSize)) fail(`${where}: shape must be non-negative integers, got ${show(t.shape)}`);
  const fmt = WRITE[t.dtype];
  if (!(t.data instanceof fmt.Array)) fail(`${where}: ${t.dtype} data must be a ${fmt.Array.name}`);
  const count = elementCount(t.shape);
  if (t.data.length !== count) fail(`${where}: shape ${fmtShape(t.shape)} needs ${count} elements, data has ${t.data.length}`);
  return t;
}

function metadataJson(metadata: Record<string, string>): string {
  if (!isRecord(metadata)) fail(`metadata must be an object of strings, got ${show(metadata)}`);
  const keys = Object.keys(metadata).sort(byCodePoint);
  for (const k of keys) {
    const v = metadata[k];
    if (typeof v !== 'string') fail(`metadata ${show(k)} must be a string, got ${show(v)}`);
    if (hasLoneSurrogate(k) || hasLoneSurrogate(v)) fail(`metadata ${show(k)} is not valid Unicode (lone surrogate)`);
  }
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`;
}

/** Serializes tensors (and optional string metadata) to a safetensors file, byte for byte as the reference does. */
export function encodeSafetensors(entries: Record<string, RawTensor>, metadata?: Record<string, string>): Uint8Array {
  if (!isRecord(entries)) fail(`entries must be an object of tensors, got ${show(entries)}`);
  const tensors = Object.keys(entries).map((name) => ({ name, t: checkEntry(name, entries[name]!) }));
  tensors.sort((a, b) => WRITE[b.t.dtype].rank - WRITE[a.t.dtype].rank || byCodePoint(a.name, b.name));

  // Built by hand rather than JSON.stringify of an object: key order matters, and "__proto__" must stay a key.
  const parts = metadata === undefined ? [] : [`"${METADATA_KEY}":${metadataJson(metadata)}`];
  let dataBytes = 0;
  for (const { name, t } of tensors) {
    const end = dataBytes + t.data.byteLength;
    parts.push(`${JSON.stringify(name)}:{"dtype":"${WRITE[t.dtype].tag}","shape":[${t.shape.join(',')}],"data_offsets":[${dataBytes},${end}]}`);
    dataBytes = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerBytes = json.length + ((8 - (json.length % 8)) % 8); // pad with spaces so data starts 8-aligned

  const out = new Uint8Array(8 + headerBytes + dataBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerBytes / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  let pos = 8 + headerBytes;
  for (const { t } of tensors) {
    const dst = out.subarray(pos, pos + t.data.byteLength);
    dst.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    if (t.dtype === 'bool') for (let i = 0; i < dst.length; i++) dst[i] = dst[i] ? 1 : 0;
    swapOnBigEndian(dst, WRITE[t.dtype].size);
    pos += dst.length;
  }
  return out;
}

// ---------------------------------------------------------------- reading

interface Slot {
  name: string;
  tag: string;
  dtype: SafetensorsDType;
  size: number;
  shape: number[];
  count: number;
  begin: number;
  end: number;
}

function asBytes(input: Uint8Array | ArrayBufferLike): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && input instanceof SharedArrayBuffer)) return new Uint8Array(input);
  const v: unknown = input; // callers without types may pass any view
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  fail(`expected a Uint8Array or ArrayBuffer, got ${Object.prototype.toString.call(input)}`);
}

function readHeader(bytes: Uint8Array, maxHeaderBytes: number): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Inexact above 2^53, but anything that large fails the cap anyway.
  const n = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (n > maxHeaderBytes) fail(`header length ${view.getBigUint64(0, true)} exceeds the cap of ${maxHeaderBytes} bytes`);
  if (n > bytes.length - 8) fail(`header length ${n} runs past the end of the file (${bytes.length} bytes)`);

  let text: string;
  try {
    text = UTF8.decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('header is not valid UTF-8');
  }
  const depth = jsonDepth(text);
  if (depth > MAX_HEADER_DEPTH) fail(`header nests ${depth} levels deep (at most ${MAX_HEADER_DEPTH})`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON (${show((e as Error).message)})`);
  }
  if (!isRecord(header)) fail(`header must be a JSON object, got ${show(header)}`);

  const dup = findDuplicateKey(text);
  if (dup) {
    const [outer] = dup.path;
    if (outer === undefined) fail(dup.key === METADATA_KEY ? 'header has two "__metadata__" entries' : `${tensorName(dup.key)} appears twice in the header`);
    fail(`${outer === METADATA_KEY ? 'metadata' : tensorName(outer)} has the key ${show(dup.key)} twice`);
  }
  return { header, dataStart: 8 + n };
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) fail(`"__metadata__" must be an object of strings, got ${show(value)}`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(`metadata ${show(k)} must be a string, got ${show(v)}`);
  }
  // Object.fromEntries defines keys, so a "__proto__" key stays data instead of setting the prototype.
  return Object.fromEntries(Object.entries(value)) as Record<string, string>;
}

function readSlot(name: string, info: unknown, dataLength: number): Slot {
  const where = tensorName(name);
  if (!isRecord(info)) fail(`${where}: entry must be an object, got ${show(info)}`);
  const tag = info.dtype;
  const fmt = typeof tag === 'string' ? READ.get(tag) : undefined;
  if (fmt === undefined) fail(`${where}: unsupported dtype ${show(tag)} (expected one of ${[...READ.keys()].join(', ')})`);
  const shape = info.shape;
  if (!Array.isArray(shape) || !shape.every(isSize)) fail(`${where}: shape must be an array of non-negative integers, got ${show(shape)}`);
  const offsets = info.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isSize)) {
    fail(`${where}: data_offsets must be two non-negative integers, got ${show(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`${where}: data_offsets [${begin},${end}] begin after they end`);
  if (end > dataLength) fail(`${where}: data_offsets [${begin},${end}] run past the data section (${dataLength} bytes)`);
  const count = elementCount(shape);
  if (count * fmt.size !== end - begin) {
    fail(`${where}: shape ${fmtShape(shape)} of ${tag} needs ${count * fmt.size} bytes, data_offsets give ${end - begin}`);
  }
  return { name, tag: tag as string, dtype: fmt.dtype, size: fmt.size, shape: shape.map((d: number) => d + 0), count, begin, end }; // + 0 turns -0 into 0
}

/** The reference requires the tensors to cover the data section exactly: no overlap, no gap, nothing trailing. */
function checkTiling(slots: Slot[], dataLength: number): Slot[] {
  const order = [...slots].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let owner: Slot | undefined; // the last non-empty tensor, which ends at `pos`
  for (const s of order) {
    if (s.begin < pos) fail(`${tensorName(s.name)} (bytes ${s.begin}..${s.end}) overlaps ${tensorName(owner!.name)} (bytes ${owner!.begin}..${owner!.end})`);
    if (s.begin > pos) fail(`bytes ${pos}..${s.begin} of the data section, before ${tensorName(s.name)}, belong to no tensor`);
    if (s.end > s.begin) owner = s;
    pos = s.end;
  }
  if (pos !== dataLength) fail(`bytes ${pos}..${dataLength} at the end of the data section belong to no tensor`);
  return order;
}

/** Copies into a fresh typed array: the source offset need not be aligned to the element size. */
function copyOut(s: Slot, data: Uint8Array): TypedArray {
  const src = data.subarray(s.begin, s.end);
  if (s.tag === 'I64') return narrowI64(s, src);
  const out = new WRITE[s.dtype].Array(s.count);
  const bytes = new Uint8Array(out.buffer);
  bytes.set(src);
  swapOnBigEndian(bytes, s.size);
  if (s.dtype === 'bool') {
    const bad = bytes.findIndex((b) => b > 1);
    if (bad >= 0) fail(`${tensorName(s.name)}: BOOL element ${bad} is ${bytes[bad]}, expected 0 or 1`);
  }
  return out;
}

function narrowI64(s: Slot, src: Uint8Array): Int32Array {
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const out = new Int32Array(s.count);
  for (let i = 0; i < s.count; i++) {
    const lo = view.getUint32(8 * i, true);
    const hi = view.getInt32(8 * i + 4, true);
    // The value fits in int32 exactly when the high word is the sign extension of the low word.
    if (hi !== (lo | 0) >> 31) {
      fail(`${tensorName(s.name)}: I64 element ${i} is ${view.getBigInt64(8 * i, true)}, outside the int32 range`);
    }
    out[i] = lo | 0;
  }
  return out;
}

/**
 * Parses a safetensors file. Anything malformed throws a ValueError starting with "safetensors:"
 * that names the problem and the tensor; nothing is allocated until the whole header has checked out,
 * and then no more than the file's own size.
 */
export function decodeSafetensors(input: Uint8Array | ArrayBufferLike, opts: DecodeOptions = {}): DecodedSafetensors {
  const maxHeaderBytes = opts.maxHeaderBytes ?? MAX_HEADER_BYTES;
  if (!isSize(maxHeaderBytes)) fail(`maxHeaderBytes must be a non-negative integer, got ${show(maxHeaderBytes)}`);
  const bytes = asBytes(input);
  const { header, dataStart } = readHeader(bytes, maxHeaderBytes);
  const data = bytes.subarray(dataStart);
  const metadata = readMetadata(header[METADATA_KEY]);
  const slots = Object.keys(header)
    .filter((name) => name !== METADATA_KEY)
    .map((name) => readSlot(name, header[name], data.length));
  const tensors = new Map<string, RawTensor>();
  for (const s of checkTiling(slots, data.length)) {
    tensors.set(s.name, { dtype: s.dtype, shape: s.shape, data: copyOut(s, data) });
  }
  return { tensors, metadata };
}
