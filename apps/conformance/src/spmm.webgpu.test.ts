import { describe, it, expect, beforeAll } from 'vitest';
import { create } from 'webgpu';
import { Device, ValueError, createCpuBackend, fromTypedArray, gradients, spmm, type Tensor } from '@dnn/tensor';
import { webgpu } from '@dnn/webgpu';
import { hostUniform } from '@dnn/tensor/testing';

/**
 * The WebGPU spmm kernel (entries grouped by row on the host, one thread per output element, no
 * atomics) against the CPU in float32, forward and through its gradient rule (the transposed product),
 * and the composite route it takes for an index that exists only on the GPU.
 */
const cpu = new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-ts');

function problem(device: Device, N: number, H: number, C: number, E: number, rows: number) {
  const real = (n: number, seed: number, shape: number[]) => fromTypedArray(Float32Array.from(hostUniform(n, seed)), shape, { device });
  const ids = (size: number, seed: number) => fromTypedArray(Int32Array.from(hostUniform(E, seed, 0, 1), (u) => Math.floor(u * size)), [E], { dtype: 'int32', device });
  return { x: real(N * H * C, 1, [N, H, C]), w: real(E * H, 2, [E, H]), row: ids(rows, 3), col: ids(N, 4) };
}

async function close(a: Tensor, b: Tensor, what: string): Promise<void> {
  const [x, y] = [await a.data(), await b.data()];
  expect(x.length, what).toBe(y.length);
  let worst = 0;
  x.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - y[i]!) / (1e-5 + 1e-4 * Math.abs(y[i]!))); });
  expect(worst, what).toBeLessThanOrEqual(1);
}

describe('spmm on WebGPU matches the CPU (float32)', () => {
  let gpu: Device;
  beforeAll(async () => { gpu = await webgpu({ gpu: create([]) }); });

  for (const [N, H, C, E, rows] of [[50, 1, 7, 400, 40], [30, 4, 8, 300, 30], [20, 2, 3, 0, 5]] as const) {
    it(`x [${N}, ${H}, ${C}], ${E} entries into ${rows} rows: values and gradients`, async () => {
      const run = (device: Device) => {
        const { x, w, row, col } = problem(device, N, H, C, E, rows);
        x.setRequiresGrad(); w.setRequiresGrad();
        const out = spmm(row, col, w, x, rows);
        return [out, ...(gradients(out.mul(out).sum(), [x, w]) as Tensor[])];
      };
      const [a, b] = [run(gpu), run(cpu)];
      for (let i = 0; i < 3; i++) await close(a[i]!, b[i]!, ['out', 'dx', 'dw'][i]!);
    });
  }

  it('runs the same bits twice (no atomics), and takes the composite route for a GPU-only index', async () => {
    const { x, w, row, col } = problem(gpu, 60, 1, 16, 900, 60);
    const first = await spmm(row, col, w, x, 60).data(), again = await spmm(row, col, w, x, 60).data();
    expect(Array.from(again)).toEqual(Array.from(first));
    // row + 0 is computed on the GPU: its host array is unknown
    await close(spmm(row.add(0), col, w, x, 60), spmm(row, col, w, x, 60), 'GPU-only index');
  });

  it('reports an out-of-range index on the next read', async () => {
    const { x, w, col } = problem(gpu, 10, 1, 4, 20, 5);
    const bad = fromTypedArray(Int32Array.from({ length: 20 }, (_, k) => (k === 7 ? 5 : 0)), [20], { dtype: 'int32', device: gpu });
    await expect(spmm(bad, col, w, x, 5).data()).rejects.toThrow(ValueError);
  });
});
