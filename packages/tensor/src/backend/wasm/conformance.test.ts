import { describe, expect, it } from 'vitest';
import { Device, createCpuBackend, cpuKernelInfo } from '@dnn/tensor';
import { backendConformanceSuite } from '@dnn/tensor/testing';

// The CPU device with each kernel set forced, so both stay conformant whatever the default is: the
// TypeScript reference (float64 too), and the WebAssembly kernels on one thread and on two.
const ts = () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu');
const wasm = (threads: number) => () => new Device(createCpuBackend({ kernels: 'wasm', threads }), 'cpu');

describe('cpu kernel configurations', () => {
  it('takes the WebAssembly path in this engine, with two threads when asked', () => {
    expect(cpuKernelInfo({ kernels: 'wasm', threads: 1 })).toEqual({ kernels: 'wasm', threads: 1 });
    expect(cpuKernelInfo({ kernels: 'wasm', threads: 2 })).toEqual({ kernels: 'wasm', threads: 2 });
    expect(cpuKernelInfo({ kernels: 'ts', threads: 2 })).toEqual({ kernels: 'ts', threads: 1 });
  });
});

backendConformanceSuite(ts, { describe, it, expect }, { name: 'cpu conformance (TypeScript kernels)', float64: true, referenceDevice: ts });
backendConformanceSuite(wasm(1), { describe, it, expect }, { name: 'cpu conformance (wasm, 1 thread)', referenceDevice: ts });
backendConformanceSuite(wasm(2), { describe, it, expect }, { name: 'cpu conformance (wasm, 2 threads)', referenceDevice: ts });
