import type { Backend } from './backend/contract';
import { createCpuBackend } from './backend/cpu/index';

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

let cpuDevice: Device | null = null;

/** The embedded default device: the CPU backend. */
export function cpu(): Device {
  cpuDevice ??= new Device(createCpuBackend(), 'cpu');
  return cpuDevice;
}

let defaultDevice: Device | null = null;

export function getDefaultDevice(): Device {
  return defaultDevice ?? cpu();
}

/** Sets the device that factories use when no `device` option is given. */
export function setDefaultDevice(device: Device): void {
  defaultDevice = device;
}
