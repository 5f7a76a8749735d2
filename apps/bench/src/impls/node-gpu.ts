import type { Device } from '@dnn/tensor';
import { webgpu, type GemmRowsPerThread } from '@dnn/webgpu';
import { create, globals } from 'webgpu';

/** Both libraries ask for this adapter kind (tfjs-backend-webgpu's default), so they get the same one. */
const POWER: GPUPowerPreference = 'high-performance';

let gpu: GPU | null = null;

/**
 * The process's one WebGPU entry point (Dawn, through the `webgpu` package). dnn and tfjs-backend-webgpu
 * both request their adapter from it, so the two columns run on the same adapter. tfjs looks for
 * `navigator.gpu` and the WebGPU constants as globals; they are installed here, before tfjs is imported.
 */
export function nodeGpu(): GPU {
  if (!gpu) {
    Object.assign(globalThis, globals);
    gpu = create([]);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
  return gpu;
}

/** What the adapter says it is (a software driver says llvmpipe, lavapipe or swiftshader). */
export async function adapterInfo(): Promise<{ vendor: string; architecture: string; device: string; description: string }> {
  const adapter = await nodeGpu().requestAdapter({ powerPreference: POWER });
  if (!adapter) throw new Error('bench: no WebGPU adapter found (requestAdapter returned null)');
  const { vendor, architecture, device, description } = adapter.info;
  return { vendor, architecture, device, description };
}

/** BENCH_GEMM_ROWS=4|8|16 overrides the adapter's default rows per GEMM thread (to compare block shapes on a GPU). */
export function gemmRowsFromEnv(): GemmRowsPerThread | undefined {
  const v = process.env.BENCH_GEMM_ROWS;
  if (v === undefined || v === '') return undefined;
  if (v !== '4' && v !== '8' && v !== '16') throw new Error(`bench: BENCH_GEMM_ROWS must be 4, 8 or 16, got '${v}'`);
  return Number(v) as GemmRowsPerThread;
}

/** dnn's WebGPU device on the shared entry point. */
export function dnnWebgpuDevice(): Promise<Device> {
  return webgpu({ gpu: nodeGpu(), powerPreference: POWER, gemmRowsPerThread: gemmRowsFromEnv() });
}
