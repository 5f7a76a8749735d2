import { describe, expect, it } from 'vitest';
import { fromTypedArray, tensor, Tensor, cpu } from '@dnn/tensor';
import { gradcheck, gradgradcheck, GradcheckError } from './gradcheck';

const f64 = (v: number[], shape = [v.length]) => tensor(v, { dtype: 'float64', shape });

describe('gradcheck', () => {
  it('accepts a correct gradient and reports per-input numbers', async () => {
    const x = f64([0.3, -1.2, 0.7, 2.1], [2, 2]);
    const y = f64([1.5, -0.4], [2]);
    const report = await gradcheck((a, b) => a.mul(b).tanh(), [x, y]);
    expect(report.inputs.map((r) => r.index)).toEqual([0, 1]);
    expect(report.evaluations).toBe(2 * (4 + 2));
    for (const r of report.inputs) expect(r.maxAbsDiff).toBeLessThan(1e-8);
    // analytical d/dx of Σ p·tanh(x·y) is p·(1 - tanh²)·y, spot-check one element against the closed form
    const r0 = report.inputs[0]!;
    expect(Math.abs(r0.analytical[0]! - r0.numerical[0]!)).toBeLessThan(1e-8);
  });

  it('names the input and element of a wrong gradient', async () => {
    // sign flipped on purpose: detach the true path and add a term whose gradient is wrong
    const wrong = (a: Tensor) => a.square().detach().add(a.mul(a.detach()).mul(-1)).add(a.square()).sum();
    const x = f64([0.5, 2, -1]);
    // value is Σx², but the recorded gradient is 2x - x = x
    const err = await gradcheck(wrong, [x]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GradcheckError);
    expect((err as Error).message).toMatch(/^gradcheck: input 0 \[3\] element \[1\] \(flat 1\): analytical 2, numerical 4\.0*\d*/);
    expect((err as GradcheckError).report.inputs[0]!.mismatched).toBe(3);
  });

  it('refuses float32 inputs unless asked', async () => {
    const x = tensor([1, 2, 3]);
    await expect(gradcheck((a) => a.exp(), [x])).rejects.toThrow(/input 0 is float32; finite differences need float64/);
    const r = await gradcheck((a) => a.mul(3), [x], { allowFloat32: true, eps: 1e-2, atol: 1e-3 });
    expect(r.inputs[0]!.maxAbsDiff).toBeLessThan(1e-3);
  });

  it('skips integer inputs and checks only `wrt`', async () => {
    const x = f64([1, 2, 3, 4], [2, 2]);
    const idx = tensor(new Int32Array([1, 0, 0, 1]), { shape: [2, 2] });
    const r = await gradcheck((a, i) => a.gather(1, i).exp(), [x, idx]);
    expect(r.inputs.map((q) => q.index)).toEqual([0]);
  });

  it('does not leak tensors', async () => {
    const x = f64([0.1, 0.2, 0.3]);
    const before = cpu().memory();
    await gradcheck((a) => a.sin().mul(a), [x]);
    const after = cpu().memory();
    expect(after.tensors).toBeLessThanOrEqual(before.tensors);
    expect(after.bytes).toBeLessThanOrEqual(before.bytes);
  });

  it('gradgradcheck differentiates through the recorded backward pass', async () => {
    const x = fromTypedArray(Float64Array.of(0.4, -0.3), [2]);
    const r = await gradgradcheck((a) => a.mul(a).mul(a).sum(), [x]);
    // d/dx Σ 3x²·v = 6x·v: the analytical second-order term must be there, not zero
    const v = r.inputs[0]!;
    expect(Math.abs(v.analytical[0]!)).toBeGreaterThan(0.1);
    expect(v.maxAbsDiff).toBeLessThan(1e-6);
  });

  it('gradgradcheck fails when the gradient is cut from the tape', async () => {
    const x = fromTypedArray(Float64Array.of(0.4, -0.3), [2]);
    // x ↦ x·stopgrad(x)² has the right first derivative nowhere, so a second-order check must fail too
    const cut = (a: Tensor) => a.mul(a.detach().square()).sum();
    await expect(gradgradcheck(cut, [x])).rejects.toThrow(/^gradcheck: input 0 \[2\] element/);
  });
});
