import { afterEach, describe, expect, it } from 'vitest';
import { ValueError, createCpuBackend, setCpuThreadSpin } from '@dnn/tensor';
import { wasmRuntime } from './runtime';
import { HOT_POOL_DIVISOR, poolState, threadsForWork, workerParts } from './threads';

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

  it('loses no wake-up while polling turns on and off between tasks issued at every pace', async () => {
    await warmPool();
    const small = square(64, (i) => (i % 13) - 6);
    const want = createCpuBackend({ kernels: 'wasm', threads: 1 }).matmul(small, small, 'float32');
    const busy = (us: number) => { for (const end = performance.now() + us / 1000; performance.now() < end; ); };
    for (let i = 0; i < 400; i++) {
      // a fixed pseudo-random walk through polling times and gaps around them
      const r = (i * 7919) % 101;
      setCpuThreadSpin(r % 3 === 0 ? 0 : r % 3 === 1 ? 30 : 300);
      busy(r % 4 === 0 ? 0 : r * 5);
      if (r % 17 === 0) await sleep(1);
      // a 64×64 product (2^19 flops) reaches the polling threshold: it is split whenever the worker polls
      const got = backend.matmul(small, small, 'float32');
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength))).toBe(true);
    }
  });

  it('sleeps at once when polling is off', async () => {
    await warmPool();
    setCpuThreadSpin(0);
    backend.matmul(a, a, 'float32');
    expect(await untilAllSleep()).toBeLessThan(1000);
    expect(poolState(rt).sleeping).toBe(1);
  });

  it('sends smaller tasks to the threads only while a worker polls', async () => {
    await warmPool();
    setCpuThreadSpin(0);
    await untilAllSleep();
    expect(threadsForWork(rt, 2, 1000, 1000)).toBe(2);
    expect(threadsForWork(rt, 2, 999, 1000)).toBe(1);
    expect(threadsForWork(rt, 1, 5000, 1000)).toBe(1);
    expect(threadsForWork(rt, 2, 1000 / HOT_POOL_DIVISOR - 1, 1000)).toBe(1);
  });

  it('gives one thread\'s bits for the LeNet step\'s small ops while the pool polls', async () => {
    setCpuThreadSpin(5000);
    await warmPool();
    const one = createCpuBackend({ kernels: 'wasm', threads: 1 });
    const view = (shape: number[], seed: number) => {
      const n = shape.reduce((p, q) => p * q, 1);
      const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, q) => p * q, 1));
      return { buffer: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed)), dtype: 'float32' as const, shape, strides, offset: 0 };
    };
    const x = view([64, 16, 10, 10], 1), dy = view([64, 16, 10, 10], 5), m = view([64, 120], 3), w = view([120, 84], 4);
    // the bias as the contract passes it: broadcast over x's shape along the channels
    const bias = { ...view([16], 2), shape: x.shape, strides: [0, 1, 0, 0] };
    const pool = { kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], outShape: [5, 5] } as const;
    const ops: [string, (b: typeof backend) => ArrayLike<number>[]][] = [
      ['maxPool2d', (b) => { const r = b.maxPool2d!(x, pool); return [r.out, r.indices]; }],
      ['matmul', (b) => [b.matmul(m, w, 'float32')]],
      ['biasActivation', (b) => [b.biasActivation!(x, bias, 'relu')]],
      ['reluBackward', (b) => [b.reluBackward!(dy, x)]],
    ];
    for (const [name, op] of ops) {
      const want = op(one).map((a) => Array.from(a));
      for (let i = 0; i < 5; i++) {
        // a large product first leaves the worker polling, so the small op below is split
        backend.matmul(a, a, 'float32');
        const got = op(backend).map((a) => Array.from(a));
        expect(got.every((g, k) => g.length === want[k]!.length && g.every((v, j) => Object.is(v, want[k]![j]))), name).toBe(true);
      }
    }
  });

  it('rejects a spin that is not a whole number of microseconds in range', () => {
    expect(() => setCpuThreadSpin(-1)).toThrow(ValueError);
    expect(() => setCpuThreadSpin(0.5)).toThrow(/setCpuThreadSpin/);
    expect(() => setCpuThreadSpin(20_000)).toThrow(/10000/);
  });
});
