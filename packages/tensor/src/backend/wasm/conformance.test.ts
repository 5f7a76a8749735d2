import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { Device, createCpuBackend, cpuKernelInfo } from '@dnn/tensor';
import { backendConformanceSuite } from '@dnn/tensor/testing';

// Node 20 validates relaxed SIMD (the GEMM's fused multiply-add) only behind this flag; later engines
// have it anyway. Set before the kernels first load, so both GEMM variants run below.
setFlagsFromString('--experimental-wasm-relaxed-simd');

// The CPU device with each kernel set forced, so both stay conformant whatever the default is: the
// TypeScript reference (float64 too), and the WebAssembly kernels on one thread and on two, with the
// GEMM's fused multiply-add and without.
const ts = () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu');
const wasm = (threads: number, fusedMultiplyAdd = true) => () =>
  new Device(createCpuBackend({ kernels: 'wasm', threads, fusedMultiplyAdd }), 'cpu');
const fma = true;

describe('cpu kernel configurations', () => {
  it('takes the WebAssembly path in this engine, with two threads when asked', () => {
    expect(cpuKernelInfo({ kernels: 'wasm', threads: 1, fusedMultiplyAdd: fma })).toEqual({ kernels: 'wasm', threads: 1, fusedMultiplyAdd: fma });
    expect(cpuKernelInfo({ kernels: 'wasm', threads: 2, fusedMultiplyAdd: fma })).toEqual({ kernels: 'wasm', threads: 2, fusedMultiplyAdd: fma });
    expect(cpuKernelInfo({ kernels: 'ts', threads: 2 })).toEqual({ kernels: 'ts', threads: 1, fusedMultiplyAdd: false });
    expect(cpuKernelInfo({ kernels: 'wasm', fusedMultiplyAdd: false }).fusedMultiplyAdd).toBe(false);
  });
});

backendConformanceSuite(ts, { describe, it, expect }, { name: 'cpu conformance (TypeScript kernels)', float64: true, referenceDevice: ts });
backendConformanceSuite(wasm(1), { describe, it, expect }, { name: 'cpu conformance (wasm, 1 thread)', referenceDevice: ts });
backendConformanceSuite(wasm(2), { describe, it, expect }, { name: 'cpu conformance (wasm, 2 threads)', referenceDevice: ts });
backendConformanceSuite(wasm(1, false), { describe, it, expect }, { name: 'cpu conformance (wasm, 1 thread, unfused GEMM)', referenceDevice: ts });
backendConformanceSuite(wasm(2, false), { describe, it, expect }, { name: 'cpu conformance (wasm, 2 threads, unfused GEMM)', referenceDevice: ts });
