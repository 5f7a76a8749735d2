/// <reference types="@webgpu/types" />
/**
 * @dnn/webgpu — the WebGPU backend of dnn, injected at run time: `await webgpu({ gpu })` gives a Device.
 * @packageDocumentation
 */
export { webgpu, gpuDeviceOf, poolStats, trimPool } from './webgpu';
export type { WebGPUOptions } from './webgpu';
export type { WebGPUBackend } from './backend';
export type { PoolStats } from './buffers';
