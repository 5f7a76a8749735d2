import { describe, expect, it } from 'vitest';
import { wasmBackend } from './test-util';
import { wasmRuntime } from './runtime';

describe('large float32 fills on the WebAssembly backend', () => {
  it('zeros a reused heap block completely (memory.fill), and fills other values', () => {
    const be = wasmBackend(1);
    const n = 301056;
    // dirty blocks of that size class, freed so the fills below reuse them
    for (let i = 0; i < 4; i++) be.free(be.fill(n, 'float32', 7.5));
    const zeros = be.fill(n, 'float32', 0) as Float32Array;
    expect(wasmRuntime()!.heap.owns(zeros)).toBe(true);
    expect(zeros.length).toBe(n);
    expect(zeros.every((v) => Object.is(v, 0))).toBe(true);
    const ones = be.fill(5000, 'float32', -1) as Float32Array;
    expect(ones.every((v) => v === -1)).toBe(true);
  });
});
