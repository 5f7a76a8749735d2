import { describe, it, expect } from 'vitest';
import { Device, cpu } from '../device';
import { randn } from '../ops/random';
import { batchNormTrain } from '../ops/batch-norm';
import { Generator } from '../random/generator';
import { enableGrad } from '../autograd/mode';
import { gradients } from '../autograd/api';
import { gradcheck, gradgradcheck } from '../testing/gradcheck';
import { setCpuThreads } from '../backend/wasm/index';
import type { DType } from '../dtype';
import type { Tensor } from '../tensor';

/** The CPU backend without the fused kernels: the primitive and its gradient run as tensor ops. */
const composite = new Device({ ...cpu().backend, batchNorm: undefined, batchNormBackward: undefined }, 'cpu-composite');

const draw = (device: Device, shape: number[], seed: number, dtype: DType = 'float64', shift = 0): Tensor =>
  randn(shape, { dtype, device, generator: new Generator(seed) }).mul(2).add(shift);

/** y, mean, variance and the gradients of Σ y·g for x, weight and bias, as arrays. */
function run(device: Device, shape: number[], dtype: DType = 'float64', shift = 0): number[][] {
  const C = shape[1]!;
  const x = draw(device, shape, 1, dtype, shift).setRequiresGrad();
  const w = draw(device, [C], 2, dtype).setRequiresGrad(), b = draw(device, [C], 3, dtype).setRequiresGrad();
  const g = draw(device, shape, 4, dtype);
  return enableGrad(() => {
    const { y, mean, variance } = batchNormTrain(x, w, b, 1e-5);
    const grads = gradients(y.mul(g).sum(), [x, w, b]);
    return [y, mean, variance, ...grads].map((t) => Array.from(t!.dataSync()));
  });
}

describe('fused batchNorm (training mode, one kernel forward and one backward)', () => {
  it('equals the composite of tensor ops in float64 within 1e-12, values and gradients', () => {
    const fused = run(cpu(), [4, 3, 5, 6], 'float64', 3), ref = run(composite, [4, 3, 5, 6], 'float64', 3);
    fused.forEach((a, k) => a.forEach((v, i) => expect(Math.abs(v - ref[k]![i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref[k]![i]!)))));
  });

  it('float32 with a large mean offset stays within 1e-4 of the float64 composite (two-pass variance)', () => {
    const fused = run(cpu(), [8, 4, 7, 7], 'float32', 100), ref = run(composite, [8, 4, 7, 7], 'float64', 100);
    fused.forEach((a, k) => a.forEach((v, i) => expect(Math.abs(v - ref[k]![i]!)).toBeLessThanOrEqual(2e-4 * Math.max(1, Math.abs(ref[k]![i]!)))));
  });

  it('gives the same bits on 1 and 2 threads', () => {
    setCpuThreads(1);
    const one = run(cpu(), [16, 8, 12, 12], 'float32');
    setCpuThreads(2);
    const two = run(cpu(), [16, 8, 12, 12], 'float32');
    expect(two).toEqual(one);
  });

  it('passes float64 finite-difference checks, first and second order', async () => {
    const fn = (x: Tensor, w: Tensor, b: Tensor) => batchNormTrain(x, w, b, 1e-3).y;
    const inputs = () => [draw(cpu(), [3, 2, 2, 2], 5), draw(cpu(), [2], 6), draw(cpu(), [2], 7)];
    await gradcheck(fn, inputs());
    await gradgradcheck(fn, inputs());
  });

  it('names the shapes when weight does not match the channels', () => {
    expect(() => batchNormTrain(draw(cpu(), [2, 3, 2, 2], 1), draw(cpu(), [4], 2), draw(cpu(), [3], 3)))
      .toThrow(/expected x \[N, C, …\], weight \[C\] and bias \[C\], got \[2, ?3, ?2, ?2\]/);
  });
});
