import type { DType, TypedArray } from '@dnn/tensor';

/** Host values in the typed array of `dtype`, so a tensor is made directly in that dtype (WebGPU has no float64). */
export function hostArray(values: Float64Array, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float64': return values;
    case 'float32': return Float32Array.from(values);
    case 'int32': return Int32Array.from(values);
    default: return Float32Array.from(values);
  }
}
