import { Device, DeviceError, ValueError } from '@dnn/tensor';
import { createWebGPUBackend, type WebGPUBackend } from './backend';
import { GpuContext, type GemmRowsPerThread } from './context';
import type { PoolStats } from './buffers';
import { profileContext, type KernelProfile } from './profile';

export interface WebGPUOptions {
  /** The WebGPU entry point: `navigator.gpu` in a browser, `create([])` of the `webgpu` package in Node. */
  readonly gpu: GPU;
  readonly powerPreference?: GPUPowerPreference;
  /** Limits to require beyond the defaults (the buffer-size limits default to the adapter's maximum). */
  readonly requiredLimits?: Record<string, number>;
  /** Bytes of freed buffers kept for reuse (default 512 MiB). */
  readonly maxPooledBytes?: number;
  /**
   * float16 tensors (default: where the adapter offers the `shader-f16` feature). False creates the
   * device without the feature, and float16 tensors on it are then refused with a DTypeError.
   */
  readonly float16?: boolean;
  /**
   * Rows of a matrix product's (and an implicit-GEMM convolution's) output each GPU thread computes,
   * at most: 4 (4×4 blocks, 256 threads in a 64×64 tile) or 8 or 16 (taller blocks, fewer threads).
   * Default: 16 on a CPU-backed adapter (software Vulkan such as lavapipe, `isFallbackAdapter` or
   * architecture 'software'), where it measured 25–30 % faster, and 4 elsewhere: a 16-row block leaves
   * small tiles with as few as 4 threads a workgroup, too few for a GPU.
   */
  readonly gemmRowsPerThread?: GemmRowsPerThread;
}

/** Whether the adapter runs on the CPU (a software rasterizer), from its info where the browser gives it. */
function isCpuAdapter(adapter: GPUAdapter): boolean {
  // `info` is missing on older browsers; an adapter we cannot identify is treated as a GPU
  const info = (adapter as { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).info;
  return !!(info?.isFallbackAdapter || info?.architecture === 'software');
}

/** Limits raised to the adapter's maximum unless the caller says otherwise: larger tensors fit in one buffer. */
const RAISED_LIMITS = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupStorageSize'] as const;

/**
 * A dnn Device running on WebGPU. Nothing here touches a browser global: the GPU entry point is
 * injected, so the same code runs in a page and in Node.
 *
 *   const gpu = await webgpu({ gpu: navigator.gpu });
 *   const x = randn([1024, 1024], { device: gpu });
 */
export async function webgpu(opts: WebGPUOptions): Promise<Device> {
  const adapter = await opts.gpu.requestAdapter(opts.powerPreference ? { powerPreference: opts.powerPreference } : undefined);
  if (!adapter) {
    throw new DeviceError('webgpu: no WebGPU adapter found (requestAdapter returned null); a GPU driver is needed ' +
      '(in Node, a Vulkan driver such as Mesa\'s lavapipe for the `webgpu` package)');
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  Object.assign(requiredLimits, opts.requiredLimits);
  let device: GPUDevice;
  try {
    // timestamp queries, where the adapter has them, let profileKernels time each kernel on the GPU
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
    // f16 storage and arithmetic in shaders, for float16 tensors
    if (opts.float16 !== false && adapter.features.has('shader-f16')) requiredFeatures.push('shader-f16');
    device = await adapter.requestDevice({ label: 'dnn', requiredLimits, requiredFeatures });
  } catch (e) {
    throw new DeviceError(`webgpu: requestDevice failed: ${(e as Error).message}`);
  }
  // the context holds `gpu` too: some bindings (Dawn for Node) tear the device down once it is collected
  if (opts.gemmRowsPerThread !== undefined && ![4, 8, 16].includes(opts.gemmRowsPerThread)) {
    throw new ValueError(`webgpu: gemmRowsPerThread must be 4, 8 or 16, got ${String(opts.gemmRowsPerThread)}`);
  }
  const gemmRowsPerThread = opts.gemmRowsPerThread ?? (isCpuAdapter(adapter) ? 16 : 4);
  const ctx = new GpuContext(device, { maxPooledBytes: opts.maxPooledBytes, keepAlive: opts.gpu, gemmRowsPerThread });
  return new Device(createWebGPUBackend(ctx), 'webgpu');
}

function contextOf(device: Device, op: string): GpuContext {
  const backend = device.backend as Partial<WebGPUBackend>;
  if (!backend.context) throw new DeviceError(`${op}: ${device.name} is not a WebGPU device`);
  return backend.context;
}

/** The GPUDevice behind a WebGPU dnn Device (for interop, or to destroy it). */
export function gpuDeviceOf(device: Device): GPUDevice {
  return contextOf(device, 'gpuDeviceOf').device;
}

/** Buffer-pool counters of a WebGPU device: created buffers, bytes in use and bytes waiting for reuse. */
export function poolStats(device: Device): PoolStats {
  return contextOf(device, 'poolStats').pool.snapshot();
}

/** Releases the pooled (free) buffers of a WebGPU device back to the driver. */
export function trimPool(device: Device): void {
  contextOf(device, 'trimPool').pool.trim();
}

/**
 * Runs `fn` with every kernel of the device timed: from GPU timestamp queries where the adapter has
 * them, else from each kernel's wall time with the queue drained after it (`method` says which).
 */
export function profileKernels(device: Device, fn: () => Promise<void>): Promise<KernelProfile> {
  return profileContext(contextOf(device, 'profileKernels'), fn);
}
