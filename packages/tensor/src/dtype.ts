import { DTypeError } from './errors';

/**
 * Element types. `float16` is a storage type: IEEE binary16 values (rounded to nearest, ties to even,
 * when written), held on the CPU in a Float32Array and read back as one; only a few ops take it (see
 * primitives/half-gate.ts), each computing in float32 and rounding its result to half.
 */
export type DType = 'float16' | 'float32' | 'float64' | 'int32' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float16', 'float32', 'float64', 'int32', 'bool'];

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float64' ? 8 : dtype === 'float16' ? 2 : dtype === 'bool' ? 1 : 4;
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
}

export function arrayFor(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    // float16 values are held widened: every half is exactly a float32
    case 'float16':
    case 'float32': return new Float32Array(size);
    case 'float64': return new Float64Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'bool';
}

export function checkDType(dtype: string, op: string): DType {
  if (!(DTYPES as readonly string[]).includes(dtype)) {
    throw new DTypeError(`${op}: unknown dtype '${dtype}' (expected one of ${DTYPES.join(', ')})`);
  }
  return dtype as DType;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float16: 2, float32: 3, float64: 4 };

/** PyTorch-style promotion of two tensor dtypes: bool < int32 < float16 < float32 < float64. */
export function promote(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}
