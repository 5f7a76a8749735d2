import { Device, createCpuBackend } from '@dnn/tensor';
import type { Tolerance } from './compare';

export type FloatDType = 'float64' | 'float32';

/**
 * Every device the PyTorch goldens run on, with its tolerances — the one place they are stated.
 * |actual - expected| ≤ atol + rtol·|expected| per element; ints and bools are always exact.
 */
export interface GoldenDevice {
  readonly name: string;
  readonly create: () => Device | Promise<Device>;
  /** The float dtypes the cases run in. A device without float64 runs the float32 pass only. */
  readonly floats: readonly FloatDType[];
  readonly tolerance: Readonly<Record<FloatDType, Tolerance>>;
  /** The time one case may take (default: vitest's). */
  readonly timeoutMs?: number;
  /** Frees what `create` acquired (a GPU device). */
  readonly release?: (device: Device) => void | Promise<void>;
}

// float64: every CPU path computes float64 with the TypeScript kernels, which sum in float64 in a
// fixed order; 1e-9 leaves room for the order differing from PyTorch's, not for a wrong formula.
const F64: Tolerance = { rtol: 1e-9, atol: 1e-12 };
// float32 on the CPU: float32 results of float64 sums (TypeScript) or float32 SIMD sums and
// Winograd transforms (WebAssembly), a few ulps from PyTorch's float32.
const F32: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/** The CPU's tolerances, for a case run with no device named. */
export const CPU_TOLERANCE: Readonly<Record<FloatDType, Tolerance>> = { float64: F64, float32: F32 };

export const DEVICES: readonly GoldenDevice[] = [
  {
    name: 'cpu, TypeScript kernels',
    create: () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-ts'),
    floats: ['float64', 'float32'],
    tolerance: { float64: F64, float32: F32 },
  },
  {
    // float64 falls back to the TypeScript kernels; float32 takes the SIMD kernels, one thread
    name: 'cpu, WebAssembly, 1 thread',
    create: () => new Device(createCpuBackend({ kernels: 'wasm', threads: 1 }), 'cpu-wasm-1'),
    floats: ['float64', 'float32'],
    tolerance: { float64: F64, float32: F32 },
  },
  {
    // two threads split the work by shape alone, so they must give the one-thread bits
    name: 'cpu, WebAssembly, 2 threads',
    create: () => new Device(createCpuBackend({ kernels: 'wasm', threads: 2 }), 'cpu-wasm-2'),
    floats: ['float64', 'float32'],
    tolerance: { float64: F64, float32: F32 },
  },
  {
    // WGSL has no float64: the float64 cases would be the float32 cases again, so only those run.
    // GPU exp/log/sin are a few float32 ulps off and sums run in float32 in tree order (the CPU sums
    // float32 in float64), yet every case stays within the CPU's float32 tolerance, so it is the same.
    name: 'webgpu',
    create: async () => {
      // loaded here, so the CPU runs never start the GPU runtime
      const [{ create }, { webgpu }] = await Promise.all([import('webgpu'), import('@dnn/webgpu')]);
      return webgpu({ gpu: create([]) });
    },
    floats: ['float32'],
    tolerance: { float64: F64, float32: { rtol: 1e-4, atol: 1e-5 } },
    // a case's first run compiles its shaders, which on a software adapter of a busy machine can
    // take seconds (alone, a conv case takes 0.5 s)
    timeoutMs: 30_000,
    release: async (device) => (await import('@dnn/webgpu')).gpuDeviceOf(device).destroy(),
  },
];
