import { DTypeError, type DType, type TypedArray } from '@dnn/tensor';
import { fromHalfArray, toHalfArray } from '@dnn/tensor/backend';

/**
 * How dnn dtypes live in GPU memory. Every element but float16's is one 32-bit word:
 *  - float32 → f32
 *  - int32   → i32
 *  - bool    → u32 holding 0 or 1 (WGSL has no 8-bit storage type)
 *  - float16 → f16, two per word, on devices with the `shader-f16` feature (see half.ts)
 * Buffer sizes are always multiples of 4 bytes (what copies and mapAsync require); float16 buffers are
 * rounded up to whole vec4<f16>s (8 bytes) so kernels may read and write them four at a time.
 * float64 does not exist in WGSL; asking for it is a DTypeError.
 */
export type WgslType = 'f32' | 'i32' | 'u32' | 'f16';

export const BYTES_PER_ELEMENT = 4;

export function wgslType(dtype: DType, op: string): WgslType {
  switch (dtype) {
    case 'float32': return 'f32';
    case 'int32': return 'i32';
    case 'bool': return 'u32';
    case 'float16': return 'f16';
    default:
      throw new DTypeError(`${op}: dtype '${dtype}' is not supported on WebGPU (WGSL has no 64-bit floats); cast to float32 first`);
  }
}

/** Bytes of a buffer holding `n` elements of `dtype`. */
export function bufferBytes(dtype: DType, n: number): number {
  return dtype === 'float16' ? Math.ceil(n / 4) * 8 : n * BYTES_PER_ELEMENT;
}

/** The host array whose bytes are exactly the buffer contents for `dtype`. */
export function toGpuArray(data: TypedArray, dtype: DType, op: string): Float32Array | Int32Array | Uint32Array | Uint16Array {
  switch (wgslType(dtype, op)) {
    case 'f32': return data instanceof Float32Array ? data : Float32Array.from(data);
    case 'i32': return data instanceof Int32Array ? data : Int32Array.from(data);
    case 'u32': {
      const out = new Uint32Array(data.length);
      for (let i = 0; i < data.length; i++) out[i] = data[i] ? 1 : 0;
      return out;
    }
    case 'f16': return toHalfArray(data);
  }
}

/** Buffer words back to the typed array dnn uses for `dtype` (bool words become a Uint8Array, halves a Float32Array). */
export function fromGpuWords(words: ArrayBuffer, dtype: DType, size: number): TypedArray {
  switch (wgslType(dtype, 'read')) {
    case 'f32': return new Float32Array(words, 0, size);
    case 'i32': return new Int32Array(words, 0, size);
    case 'u32': return Uint8Array.from(new Uint32Array(words, 0, size));
    case 'f16': return fromHalfArray(new Uint16Array(words, 0, size));
  }
}
