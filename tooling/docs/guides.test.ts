/**
 * docs/guides/*.md, run: every ```ts block of a guide appears (line for line, indentation aside) in
 * docs/guides/examples/<guide>.ts, and each example runs here with small sizes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ones } from '@dnn/tensor';
import { expectClose } from '@dnn/tensor/testing';
import { blocks, lines } from './markdown';

const guides = fileURLToPath(new URL('../../docs/guides/', import.meta.url));
// pytorch-interop.md is checked by apps/cli/src/pytorch-interop-guide.test.ts against PyTorch's files
const checkedHere = readdirSync(guides).filter((f) => f.endsWith('.md') && f !== 'pytorch-interop.md');

describe('docs/guides: the code shown is the code run', () => {
  it.each(checkedHere)('%s', (file) => {
    const guide = readFileSync(guides + file, 'utf8');
    const example = lines(readFileSync(`${guides}examples/${file.replace(/\.md$/, '.ts')}`, 'utf8'));
    const ts = blocks(guide, 'ts');
    expect(ts.length, file).toBeGreaterThan(0);
    for (const b of ts) expect(example, b).toContain(lines(b));
  });
});

describe('docs/guides/examples run', () => {
  it('getting-started: LeNet-5 on the subset is far above chance after 60 steps', async () => {
    const { run } = await import('../../docs/guides/examples/getting-started');
    const log = await run(60);
    expect(log.valAccuracy).toBeGreaterThan(0.5);
    expect(log.trainLoss).toBeLessThan(Math.log(10));
  });

  it('saving-and-loading: bytes and files give back the same weights; a checkpoint resumes at epoch 3', async () => {
    const ex = await import('../../docs/guides/examples/saving-and-loading');
    const b = await ex.bytes();
    expect(b.metadata).toEqual({ note: 'a linear layer' });
    expect(b.copy.weight.dataSync()).toEqual(b.model.weight.dataSync());
    const dir = mkdtempSync(join(tmpdir(), 'dnn-guide-'));
    const f = await ex.files(dir);
    expect(f.copy.weight.dataSync()).toEqual(f.model.weight.dataSync());
    expect(f.copy.bias!.dataSync()).toEqual(f.model.bias!.dataSync());
    const r = await ex.resume(join(dir, 'run'));
    expect(r.startEpoch).toBe(3);
    expect(r.logs.map((l) => l.epoch)).toEqual([1, 2, 3, 4]);
    expect(r.logs[3]!.trainLoss).toBeLessThan(r.logs[0]!.trainLoss);
  });

  it('writing-a-layer: MaskedLinear passes the convention check, saves weight and bias only, and masks the gradient', async () => {
    const { MaskedLinear, check } = await import('../../docs/guides/examples/writing-a-layer');
    expect(check()).toEqual([]);
    const layer = new MaskedLinear(3, 3, { dtype: 'float64' });
    expect(Object.keys(layer.stateDict()).sort()).toEqual(['bias', 'weight']);
    layer.forward(ones([2, 3], { dtype: 'float64' })).sum().backward();
    // output i sees inputs j <= i: the weight's strict upper triangle gets no gradient
    const g = [...layer.weight.grad!.dataSync()];
    expect([g[1], g[2], g[5]]).toEqual([0, 0, 0]);
    expect([g[0], g[3], g[4], g[6], g[7], g[8]]).toEqual([2, 2, 2, 2, 2, 2]);
    expect(() => layer.forward(ones([2, 4], { dtype: 'float64' }))).toThrow('MaskedLinear(3→3): expected input [..., 3], got [2,4]');
  });

  it('writing-a-backend-kernel: the softmax kernel is reached and agrees with the composite', async () => {
    const { compare } = await import('../../docs/guides/examples/writing-a-backend-kernel');
    const r = compare();
    expect(r.calls).toBe(2);
    expectClose(r.kernel.dataSync(), r.composite.dataSync(), { rtol: 1e-12, atol: 1e-12 });
    expectClose(r.logKernel.dataSync(), r.logComposite.dataSync(), { rtol: 1e-12, atol: 1e-12 });
    // softmax([1, 2, 3]) in closed form
    const e = [1, 2, 3].map(Math.exp), z = e[0]! + e[1]! + e[2]!;
    expectClose([...r.kernel.dataSync()].slice(0, 3), e.map((v) => v / z), { rtol: 1e-12, atol: 0 });
  });

  it('devices: CPU settings are reported, a layer runs on WebGPU and its output comes back to the CPU, and tidy keeps memory flat', async () => {
    const ex = await import('../../docs/guides/examples/devices');
    expect(ex.cpuSettings()).toEqual({ kernels: 'wasm', threads: 2, fusedMultiplyAdd: expect.any(Boolean) });
    const { back, values, model } = await ex.onWebGpu();
    expect(back.device.name).toBe('cpu');
    expect(model.weight.device.name).toBe('webgpu');
    expect([...back.dataSync()]).toEqual([...values]);
    expect(values.length).toBe(8);
    const { losses, live } = ex.flatMemory();
    expect(new Set(live).size).toBe(1);
    expect(losses.every(Number.isFinite)).toBe(true);
  });
});
