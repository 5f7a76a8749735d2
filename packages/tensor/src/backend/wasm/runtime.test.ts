import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Device, ValueError, cpuKernelInfo, createCpuBackend, setCpuKernels, setCpuThreads, tensor } from '@dnn/tensor';
import { FUSED_FUNCTIONS, FUSED_ONLY_SOURCES, SOURCES, assembleBoth, generate } from '../../../scripts/build-wasm.mjs';
import { outputF32, recycle } from '../buffer-pool';
import { fusedBytes, kernelBytes, kernelImports, simdSupported, wasmRuntime } from './runtime';
import { workerParts } from './threads';
import { FUSED_IMPORTS } from './worker-source';

describe('the generated kernel module', () => {
  it('is up to date with wat/*.wat (run `pnpm --filter @dnn/tensor build:wasm` after editing them)', async () => {
    const files = await generate();
    expect(Object.keys(files)).toEqual(['kernels.wasm.ts']);
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8') === text, name).toBe(true);
    }
  });

  it('derives the plain-memory build byte for byte from the shipped shared one', async () => {
    const { shared, plain } = await assembleBoth();
    expect(Buffer.from(kernelBytes(true)).equals(Buffer.from(shared))).toBe(true);
    expect(Buffer.from(kernelBytes(false)).equals(Buffer.from(plain))).toBe(true);
    // and the derived module imports an unshared memory (and the fused multiply-add functions)
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(kernelBytes(false)));
    expect(imports).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
      ...FUSED_IMPORTS.map(([, name]) => ({ module: 'env', name, kind: 'function' })),
    ]);
    const plainMemory = () => new WebAssembly.Memory({ initial: 1, maximum: 32768 });
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(kernelBytes(false)), kernelImports(plainMemory(), null))).not.toThrow();
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(kernelBytes(true)), kernelImports(plainMemory(), null))).toThrow();
  });

  it('pairs each fused export with the kernel import it satisfies, in the build and at run time alike', () => {
    expect(FUSED_FUNCTIONS.map((f) => [f.export, f.import])).toEqual(FUSED_IMPORTS.map((p) => [...p]));
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(fusedBytes(true))).map((e) => e.name);
    expect(exports).toEqual(FUSED_IMPORTS.map(([name]) => name));
  });

  it('derives the fused GEMM module for a plain memory the same way', async () => {
    const { shared, plain } = await assembleBoth(true);
    expect(Buffer.from(fusedBytes(true)).equals(Buffer.from(shared))).toBe(true);
    expect(Buffer.from(fusedBytes(false)).equals(Buffer.from(plain))).toBe(true);
    // (assembling it turned relaxed SIMD on in this engine) the kernels link to it over a plain memory
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 32768 });
    const imports = kernelImports(memory, new WebAssembly.Module(fusedBytes(false)));
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(kernelBytes(false)), imports)).not.toThrow();
  });

  it('assembles every .wat file in the folder (into the kernels, or into the relaxed-SIMD module only)', () => {
    const files = readdirSync(new URL('./wat/', import.meta.url)).filter((f) => f.endsWith('.wat')).sort();
    expect([...SOURCES, ...FUSED_ONLY_SOURCES].sort()).toEqual(files);
  });

  it('finds 128-bit SIMD in this engine', () => {
    expect(simdSupported()).toBe(true);
  });
});

describe('cpu kernel settings', () => {
  it('switches the default device between kernel sets and thread counts', () => {
    try {
      setCpuKernels('ts');
      expect(cpuKernelInfo()).toEqual({ kernels: 'ts', threads: 1, fusedMultiplyAdd: false });
      setCpuKernels('wasm');
      setCpuThreads(2);
      expect(cpuKernelInfo()).toMatchObject({ kernels: 'wasm', threads: 2 });
      setCpuThreads(1);
      expect(cpuKernelInfo().threads).toBe(1);
    } finally {
      setCpuKernels('wasm');
      setCpuThreads(null);
    }
  });

  it('names the setting in errors for bad values', () => {
    expect(() => setCpuThreads(0)).toThrow(ValueError);
    expect(() => setCpuThreads(1.5)).toThrow(/setCpuThreads/);
    expect(() => setCpuKernels('gpu' as never)).toThrow(/setCpuKernels/);
  });

  it('computes the same matmul through either kernel set on a device of its own', () => {
    const a = [[1, 2, 3], [4, 5, 6]], b = [[7, 8], [9, 10], [11, 12]];
    for (const kernels of ['ts', 'wasm'] as const) {
      const device = new Device(createCpuBackend({ kernels }), 'cpu');
      expect(Array.from(tensor(a, { device }).matmul(tensor(b, { device })).dataSync())).toEqual([58, 64, 139, 154]);
    }
  });
});

describe('output recycling', () => {
  it('reuses a freed output of the same length, and never an array it did not make', () => {
    const made = outputF32(5000);
    recycle(made);
    expect(outputF32(5000)).toBe(made);
    const foreign = new Float32Array(5000);
    recycle(foreign);
    expect(outputF32(5000)).not.toBe(foreign);
  });

  it('does not hand one array out twice when it is freed twice', () => {
    const made = outputF32(6000);
    recycle(made);
    recycle(made);
    expect(outputF32(6000)).toBe(made);
    expect(outputF32(6000)).not.toBe(made);
  });

  it('keeps the contents a caller handed to tensor() untouched after dispose', () => {
    const data = new Float32Array(8192).fill(3);
    const t = tensor(data, { shape: [64, 128] });
    const y = t.matmul(tensor(new Float32Array(128 * 64).fill(1), { shape: [128, 64] }));
    t.dispose();
    y.dispose();
    const z = tensor(new Float32Array(64 * 128).fill(2), { shape: [64, 128] }).matmul(tensor(new Float32Array(128 * 64).fill(1), { shape: [128, 64] }));
    expect(data.every((v) => v === 3)).toBe(true);
    expect(z.dataSync()[0]).toBe(256);
  });
});

describe('worker threads', () => {
  it('share the parts of large tasks with the calling thread', async () => {
    const rt = wasmRuntime()!;
    const backend = createCpuBackend({ kernels: 'wasm', threads: 2 });
    const a = { buffer: new Float32Array(256 * 256).fill(1), dtype: 'float32' as const, shape: [256, 256], strides: [256, 1], offset: 0 };
    const before = workerParts(rt);
    // the worker starts asynchronously: give it a moment between products until it has taken a part
    for (let i = 0; i < 200 && workerParts(rt) === before; i++) {
      expect(backend.matmul(a, a, 'float32')[0]).toBe(256);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(workerParts(rt)).toBeGreaterThan(before);
  });
});
