import type { Backend } from './backend/contract';
import { createCpuBackend } from './backend/cpu/index';
import { processWide } from './process-state';

/** Live memory on one device: tensor handles, distinct buffers and their bytes. */
export interface MemoryInfo {
  tensors: number;
  buffers: number;
  bytes: number;
}

/**
 * A Device is a Backend plus its memory accounting. Tensors carry their device; ops refuse to mix
 * devices, and `t.to(device)` moves data explicitly.
 */
export class Device {
  readonly backend: Backend<any>;
  readonly name: string;
  liveTensors = 0;
  liveBuffers = 0;
  liveBytes = 0;

  constructor(backend: Backend<any>, name: string = backend.name) {
    this.backend = backend;
    this.name = name;
  }

  memory(): MemoryInfo {
    return { tensors: this.liveTensors, buffers: this.liveBuffers, bytes: this.liveBytes };
  }

  toString(): string {
    return `Device(${this.name})`;
  }
}

// one CPU device and one default per process, shared by the ESM and CommonJS builds
const devices = processWide('devices', () => ({ cpu: null as Device | null, default: null as Device | null }));

/** The embedded default device: the CPU backend. */
export function cpu(): Device {
  devices.cpu ??= new Device(createCpuBackend(), 'cpu');
  return devices.cpu;
}

export function getDefaultDevice(): Device {
  return devices.default ?? cpu();
}

/** Sets the device that factories use when no `device` option is given. */
export function setDefaultDevice(device: Device): void {
  devices.default = device;
}
