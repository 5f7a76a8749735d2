import { arrayFor, type DType, type TypedArray } from '../../dtype';
import { wasmRuntime } from './runtime';
import { configuredKernels, type CpuBackendOptions } from './settings';

/**
 * Smaller results stay ordinary arrays: copying them into the kernels' memory costs little, and a
 * resident block costs a finalizer registration.
 */
export const RESIDENT_MIN_ELEMENTS = 1024;

/**
 * Where the TypeScript kernels put a result: in the WebAssembly heap when it is shared and the
 * WebAssembly kernels are on (the next WebAssembly op then reads it in place), else an ordinary
 * array. `zeroed` asks for zeros (a reused block holds old values). float64 never goes there.
 */
export function cpuResultArray(options: CpuBackendOptions): (dtype: DType, n: number, zeroed?: boolean) => TypedArray {
  return (dtype, n, zeroed = false) => {
    if (n >= RESIDENT_MIN_ELEMENTS && dtype !== 'float64' && configuredKernels(options) === 'wasm') {
      const out = wasmRuntime()?.heap.resident(dtype, n);
      if (out) return zeroed ? out.fill(0) : out;
    }
    return arrayFor(dtype, n);
  };
}
