import { cpu, cpuKernelInfo, type Device } from '@dnn/tensor';
import { webgpu, type WebGPUBackend } from '@dnn/webgpu';

/** The device the page trains on, and words describing it for the status line. */
export interface PickedDevice {
  device: Device;
  kind: 'webgpu' | 'cpu';
  label: string;
  /** Why WebGPU was not used, when it was not. */
  fallbackReason?: string;
}

/**
 * WebGPU when the browser has it and an adapter answers, otherwise the CPU device (WebAssembly kernels,
 * single-threaded on a page's main thread). `?device=cpu` forces the CPU. `onLost` hears of a lost GPU.
 */
export async function pickDevice(wanted: string | null, onLost: (message: string) => void): Promise<PickedDevice> {
  const cpuDevice = (fallbackReason?: string): PickedDevice => {
    const k = cpuKernelInfo();
    const label = `CPU (${k.kernels === 'wasm' ? 'WebAssembly' : 'TypeScript'} kernels, ${k.threads} thread${k.threads === 1 ? '' : 's'})`;
    return { device: cpu(), kind: 'cpu', label, fallbackReason };
  };
  if (wanted === 'cpu') return cpuDevice('the CPU was asked for (?device=cpu)');
  if (!('gpu' in navigator) || !navigator.gpu) return cpuDevice('this browser has no WebGPU (navigator.gpu is missing)');
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return cpuDevice('no WebGPU adapter was found');
    const info = adapter.info;
    const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
    const device = await webgpu({ gpu: navigator.gpu });
    watchLoss(device, onLost);
    return { device, kind: 'webgpu', label: `WebGPU (${name})` };
  } catch (e) {
    return cpuDevice(`WebGPU failed to start: ${(e as Error).message}`);
  }
}

/** The GPUDevice behind a dnn WebGPU device, where the backend exposes it, so a loss can be reported. */
function watchLoss(device: Device, onLost: (message: string) => void): void {
  const gpuDevice = (device.backend as unknown as WebGPUBackend).context.device;
  gpuDevice.lost.then((info) => onLost(`the WebGPU device was lost (${info.reason}): ${info.message || 'no message'}; reload the page`));
}
