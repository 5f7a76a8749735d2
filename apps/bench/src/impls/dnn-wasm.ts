import { Device, createCpuBackend } from '@dnn/tensor';
import { inProcess } from '../timing';
import type { Implementation } from '../types';
import { builders } from './dnn';

/**
 * dnn's CPU device pinned to its WebAssembly SIMD kernels on a fixed number of threads (`--impl
 * dnn-wasm`): one thread to compare with single-threaded peers, two to show the worker pool.
 */
export function dnnWasmImplementations(threadCounts: readonly number[] = [1, 2]): Implementation[] {
  return threadCounts.map((threads) =>
    inProcess('dnn-wasm', 'cpu', threads, () => builders(new Device(createCpuBackend({ kernels: 'wasm', threads }), 'cpu'))));
}
