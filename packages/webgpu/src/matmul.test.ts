import { afterAll, describe, expect, it } from 'vitest';
import { zeros, type Device } from '@dnn/tensor';
import type { WebGPUBackend } from './backend';
import { EXACT, parity, testDevice } from './test-utils';
import { gpuDeviceOf } from './webgpu';
import { rowsPerThread } from './kernels/gemm';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

// float32 products accumulated over K in a different order from the CPU's float64 sums
const tolFor = (K: number) => ({ rtol: 1e-5, atol: 2e-6 * Math.sqrt(K) * 9 });

describe('matmul against the CPU', () => {
  it('odd shapes: every combination of 1, 7, 33, 257 for M, K, N', async () => {
    const sizes = [1, 7, 33, 257];
    for (const M of sizes) for (const K of sizes) for (const N of [1, 33, 257]) {
      await parity(gpu, [{ shape: [M, K] }, { shape: [K, N] }], (a, b) => a.matmul(b), tolFor(K), `[${M},${K}]·[${K},${N}]`);
    }
  });

  it('batched, with broadcast batch dims and strided (transposed, flipped, sliced) operands', async () => {
    await parity(gpu, [{ shape: [3, 7, 33] }, { shape: [3, 33, 5] }], (a, b) => a.matmul(b), tolFor(33), 'batched');
    await parity(gpu, [{ shape: [2, 1, 7, 9] }, { shape: [4, 9, 3] }], (a, b) => a.matmul(b), tolFor(9), 'broadcast batch');
    await parity(gpu, [{ shape: [33, 65] }, { shape: [17, 33] }], (a, b) => a.T.matmul(b.T), tolFor(33), 'both transposed');
    await parity(gpu, [{ shape: [2, 7, 33] }, { shape: [33, 7] }], (a, b) => a.flip(2).matmul(b.flip(0)), tolFor(33), 'flipped');
    await parity(gpu, [{ shape: [20, 70] }, { shape: [70, 9] }],
      (a, b) => a.slice([{ step: 3 }, { start: 1, step: 2 }]).matmul(b.slice([{ start: 1, step: 2 }])), tolFor(35), 'sliced');
    await parity(gpu, [{ shape: [5] }, { shape: [5, 7] }], (a, b) => [a.matmul(b), b.T.matmul(a)], tolFor(5), 'vector · matrix');
  });

  it('operands with contiguous rows of multiples of 4 are staged with vec4 loads: aligned, half-aligned, offset, batched, split K', async () => {
    await parity(gpu, [{ shape: [36, 20] }, { shape: [20, 44] }], (a, b) => a.matmul(b), tolFor(20), 'both vec4');
    await parity(gpu, [{ shape: [9, 20] }, { shape: [20, 13] }], (a, b) => a.matmul(b), tolFor(20), 'A vec4 only');
    await parity(gpu, [{ shape: [3, 9, 13] }, { shape: [3, 13, 8] }], (a, b) => a.matmul(b), tolFor(13), 'B vec4 only, batched');
    // row slices starting at offsets 8 (aligned) and 2 (scalar loads)
    await parity(gpu, [{ shape: [10, 8] }, { shape: [8, 12] }], (a, b) => [a.slice([{ start: 1 }]).matmul(b), a.slice([{ start: 1 }, { start: 2, end: 6 }]).matmul(b.slice([{ start: 4 }]))], tolFor(8), 'offset rows');
    await parity(gpu, [{ shape: [4, 5000] }, { shape: [5000, 4] }], (a, b) => a.matmul(b), tolFor(5000), 'split K, vec4');
  });

  it('products that fill whole tiles and K steps of 32 run without edge tests: 16×32·32×16, 64×32·32×64, 128×64·64×192, split K 16×4096·4096×16', async () => {
    await parity(gpu, [{ shape: [16, 32] }, { shape: [32, 16] }], (a, b) => a.matmul(b), tolFor(32), '16×16 tile');
    await parity(gpu, [{ shape: [64, 32] }, { shape: [32, 64] }], (a, b) => a.matmul(b), tolFor(32), '64×64 tile');
    await parity(gpu, [{ shape: [128, 64] }, { shape: [64, 192] }], (a, b) => a.matmul(b), tolFor(64), '2×3 tiles of 64×64');
    await parity(gpu, [{ shape: [2, 32, 64] }, { shape: [2, 64, 32] }], (a, b) => a.matmul(b), tolFor(64), 'batched 32×32 tiles');
    // a 128-wide tile (K steps of 16): 4 rows
    await parity(gpu, [{ shape: [4, 48] }, { shape: [48, 256] }], (a, b) => a.matmul(b), tolFor(48), '4×128 tiles');
    await parity(gpu, [{ shape: [16, 4096] }, { shape: [4096, 16] }], (a, b) => a.matmul(b), tolFor(4096), 'whole K slices');
    const ints = (shape: number[]) => ({ shape, dtype: 'int32' as const, low: -20, high: 20 });
    await parity(gpu, [ints([32, 32]), ints([32, 32])], (a, b) => a.matmul(b), EXACT, 'int32 whole tiles');
  });

  // every edge of the tile heights 4, 8, 16, 32 and 64, for a device's rows per thread
  async function edgeSweep(device: Device, rows: string): Promise<void> {
    for (const M of [1, 5, 9, 16, 17, 31, 32, 33, 63, 65]) for (const N of [7, 36]) for (const K of [1, 33]) {
      await parity(device, [{ shape: [M, K] }, { shape: [K, N] }], (a, b) => a.matmul(b), tolFor(K), `[${M},${K}]·[${K},${N}], ${rows}`);
    }
    const ints = (shape: number[]) => ({ shape, dtype: 'int32' as const, low: -20, high: 20 });
    await parity(device, [ints([2, 64, 64]), ints([2, 64, 96])], (a, b) => a.matmul(b), EXACT, `int32, ${rows}`);
  }

  it('blocks of up to 16 rows per thread (one row of threads in tiles of 16 rows or fewer) agree at every edge: M 1…65, N 7 or 36 (vec4), K 1 or 33', async () => {
    expect([4, 8, 16, 32, 64].map((tm) => rowsPerThread(tm, 16))).toEqual([4, 8, 16, 16, 16]);
    // this software adapter runs on the CPU, so it gets the taller blocks by default
    expect((gpu.backend as WebGPUBackend).context.gemmRowsPerThread).toBe(16);
    await edgeSweep(gpu, '16-row blocks');
  });

  it('the GPU default, 4×4 blocks (and 8-row blocks), agree at the same edges; other values are refused', async () => {
    expect([4, 8, 16, 32, 64].map((tm) => rowsPerThread(tm, 4))).toEqual([4, 4, 4, 4, 4]);
    for (const rows of [4, 8] as const) {
      const device = await testDevice({ gemmRowsPerThread: rows });
      try {
        expect((device.backend as WebGPUBackend).context.gemmRowsPerThread).toBe(rows);
        await edgeSweep(device, `${rows}-row blocks`);
      } finally {
        gpuDeviceOf(device).destroy();
      }
    }
    await expect(testDevice({ gemmRowsPerThread: 5 as 4 })).rejects.toThrow(/gemmRowsPerThread must be 4, 8 or 16, got 5/);
  });

  it('int32 matmul is exact', async () => {
    const ints = (shape: number[]) => ({ shape, dtype: 'int32' as const, low: -20, high: 20 });
    await parity(gpu, [ints([33, 65]), ints([65, 7])], (a, b) => a.matmul(b), EXACT, 'int32');
    await parity(gpu, [ints([12, 64]), ints([64, 8])], (a, b) => a.matmul(b), EXACT, 'int32, vec4 loads');
  });

  it('a long K with a small output is split into slices and summed (4×5000 · 5000×3)', async () => {
    await parity(gpu, [{ shape: [4, 5000] }, { shape: [5000, 3] }], (a, b) => a.matmul(b), tolFor(5000), 'split K');
  });

  it('more than 65535 batches run in several dispatches', async () => {
    await parity(gpu, [{ shape: [70_000, 1, 2] }, { shape: [70_000, 2, 1] }], (a, b) => a.matmul(b), tolFor(2), '70 000 batches');
  });

  it('K = 0 gives zeros; empty M gives an empty result', async () => {
    const a = zeros([3, 0], { device: gpu }), b = zeros([0, 2], { device: gpu });
    expect(await a.matmul(b).array()).toEqual([[0, 0], [0, 0], [0, 0]]);
    const e = zeros([0, 4], { device: gpu });
    expect((await e.matmul(zeros([4, 2], { device: gpu })).data()).length).toBe(0);
  });

  it('1024×1024 · 1024×1024 agrees with the CPU to rtol 1e-4 + atol 1e-4', async () => {
    const n = 1024;
    const values = (seed: number) => Float32Array.from({ length: n * n }, (_, i) => Math.sin(i * 0.37 + seed) * 0.5);
    await parity(gpu, [{ shape: [n, n], values: Array.from(values(1)) }, { shape: [n, n], values: Array.from(values(2)) }],
      (a, b) => a.matmul(b), { rtol: 1e-4, atol: 1e-4 }, '1024²');
  });
});
