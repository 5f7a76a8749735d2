/// <reference types="@webgpu/types" />
/**
 * @dnn/webgpu — the WebGPU backend of dnn, injected at run time: `await webgpu({ gpu })` gives a Device.
 * @packageDocumentation
 */
export { webgpu, gpuDeviceOf, poolStats, profileKernels, trimPool } from './webgpu';
export type { KernelProfile, KernelTime } from './profile';
export type { WebGPUOptions } from './webgpu';
export type { GemmRowsPerThread } from './context';
export type { WebGPUBackend } from './backend';
export type { PoolStats } from './buffers';
