import { afterEach, describe, expect, it } from 'vitest';
import { ValueError, createCpuBackend, setCpuThreadSpin } from '@dnn/tensor';
import { wasmRuntime } from './runtime';
import { poolState, workerParts } from './threads';

const rt = wasmRuntime()!;
const backend = createCpuBackend({ kernels: 'wasm', threads: 2 });
const square = (n: number, fill: (i: number) => number) => ({ buffer: Float32Array.from({ length: n * n }, (_, i) => fill(i)), dtype: 'float32' as const, shape: [n, n], strides: [n, 1], offset: 0 });
const a = square(192, (i) => ((i * 7919) % 1000) / 1000 - 0.5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs products until the worker has taken a part (it starts asynchronously). */
async function warmPool(): Promise<void> {
  const before = workerParts(rt);
  for (let i = 0; i < 200 && workerParts(rt) === before; i++) {
    backend.matmul(a, a, 'float32');
    await sleep(5);
  }
  expect(workerParts(rt)).toBeGreaterThan(before);
}

/** Waits (at most 2 s) until every started worker sleeps; returns how long it took (ms). */
async function untilAllSleep(): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < 400; i++) {
    const s = poolState(rt);
    if (s.workers > 0 && s.sleeping === s.workers) break;
    await sleep(5);
  }
  return performance.now() - t;
}

afterEach(() => setCpuThreadSpin(null));

describe('the worker pool between tasks', () => {
  it('goes to sleep after a burst of back-to-back tasks and burns no CPU while idle', async () => {
    // polling forced on: the default polls only on a machine with free cores
    setCpuThreadSpin(2000);
    await warmPool();
    for (let i = 0; i < 50; i++) backend.matmul(a, a, 'float32');
    await untilAllSleep();
    const state = poolState(rt);
    expect(state.workers).toBe(1);
    expect(state.sleeping).toBe(1);
    // an idle 200 ms: a polling worker would spend about all of it on a core
    const cpu = process.cpuUsage();
    await sleep(200);
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(100);
    expect(poolState(rt).sleeping).toBe(1);
  });

  it('gives the same bits with polling off, on and long, and wakes sleeping workers for new tasks', async () => {
    await warmPool();
    const one = createCpuBackend({ kernels: 'wasm', threads: 1 }).matmul(a, a, 'float32');
    for (const spin of [0, 200, 5000, 0]) {
      setCpuThreadSpin(spin);
      await untilAllSleep();
      const before = workerParts(rt);
      let taken = false;
      for (let i = 0; i < 40; i++) {
        expect(Buffer.from(backend.matmul(a, a, 'float32').buffer).equals(Buffer.from(one.buffer))).toBe(true);
        taken ||= workerParts(rt) > before;
        if (taken && i >= 4) break;
        if (!taken) await sleep(2);
      }
      // a sleeping worker was woken: no lost wake-up
      expect(taken).toBe(true);
    }
  });

  it('sleeps at once when polling is off', async () => {
    await warmPool();
    setCpuThreadSpin(0);
    backend.matmul(a, a, 'float32');
    expect(await untilAllSleep()).toBeLessThan(1000);
    expect(poolState(rt).sleeping).toBe(1);
  });

  it('rejects a spin that is not a whole number of microseconds in range', () => {
    expect(() => setCpuThreadSpin(-1)).toThrow(ValueError);
    expect(() => setCpuThreadSpin(0.5)).toThrow(/setCpuThreadSpin/);
    expect(() => setCpuThreadSpin(20_000)).toThrow(/10000/);
  });
});
