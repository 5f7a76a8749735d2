import { describe, it, expect } from 'vitest';
import { saveStateDict, loadStateDict, loadSafetensors } from './state-dict';
import { Sequential, Linear, LayerNorm, ReLU } from '../nn/index';
import { tensor } from '../ops/creation';
import { fixtureBytes, readFixture, fromSpec, expectClose, type TensorSpec } from '../testing/golden';
import type { Tensor } from '../tensor';

const mlp = () => new Sequential(new Linear(6, 8), new LayerNorm(8), new ReLU(), new Linear(8, 3));

describe('state dicts in safetensors, against PyTorch', () => {
  it('loads a PyTorch network\'s file strictly and computes the same output', () => {
    const { input, output, keys } = readFixture<{ input: TensorSpec; output: TensorSpec; keys: string[] }>('interop-mlp.json');
    const dict = loadStateDict(fixtureBytes('interop-mlp.safetensors'));
    expect(Object.keys(dict).sort()).toEqual([...keys].sort());
    const net = mlp();
    expect(net.loadStateDict(dict)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const y = net.forward(fromSpec(input));
    expect(y.shape).toEqual(output.shape);
    expectClose(y.dataSync(), output.data, { atol: 1e-6 }, 'output');
  });

  it('writes the same bytes as the reference writer, with and without metadata', async () => {
    const { tensors, metadata } = readFixture<{ tensors: Record<string, TensorSpec>; metadata: Record<string, string> }>('interop-writer.json');
    const dict = Object.fromEntries(Object.entries(tensors).map(([k, s]) => [k, fromSpec(s)]));
    expect(await saveStateDict(dict)).toEqual(fixtureBytes('interop-writer.safetensors'));
    expect(await saveStateDict(dict, { metadata })).toEqual(fixtureBytes('interop-writer-meta.safetensors'));
  });

  it('reads the reference writer\'s file back to the same tensors, bit for bit', () => {
    const { tensors, metadata } = readFixture<{ tensors: Record<string, TensorSpec>; metadata: Record<string, string> }>('interop-writer.json');
    const bytes = fixtureBytes('interop-writer-meta.safetensors');
    // an ArrayBuffer, as fetch() gives it
    const loaded = loadSafetensors(new Uint8Array(bytes).buffer);
    expect(loaded.metadata).toEqual(metadata);
    for (const [name, s] of Object.entries(tensors)) {
      const t = loaded.tensors[name]!;
      expect([name, t.dtype, t.shape]).toEqual([name, s.dtype, s.shape]);
      expect(Array.from(t.dataSync(), Number)).toEqual(s.data.map(Number));
    }
    expect(Object.is(loaded.tensors.a!.dataSync()[1], -0)).toBe(true);
  });
});

describe('saveStateDict / loadStateDict', () => {
  it('round-trips a module, views and every dtype', async () => {
    const net = mlp();
    const base = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
    const dict: Record<string, Tensor> = {
      ...net.stateDict(),
      transposed: base.T, // a strided view is saved in logical order
      ints: tensor([7, -8], { dtype: 'int32' }),
      flags: tensor([true, false]),
    };
    const back = loadStateDict(await saveStateDict(dict));
    expect(Object.keys(back).sort()).toEqual(Object.keys(dict).sort());
    for (const [k, t] of Object.entries(dict)) {
      expect([k, back[k]!.dtype, back[k]!.shape]).toEqual([k, t.dtype, t.shape]);
      expect(Array.from(back[k]!.dataSync())).toEqual(Array.from(t.dataSync()));
    }
    expect(Array.from(back.transposed!.dataSync())).toEqual([1, 4, 2, 5, 3, 6]);
    const copy = mlp();
    expect(copy.loadStateDict(back, { strict: false }).unexpectedKeys).toEqual(['transposed', 'ints', 'flags']);
    const x = tensor([[0.1, -0.2, 0.3, 0.4, -0.5, 0.6]]);
    expect(Array.from(copy.forward(x).dataSync())).toEqual(Array.from(net.forward(x).dataSync()));
  });

  it('names the tensor that cannot be saved', async () => {
    const t = tensor([1]);
    t.dispose();
    await expect(saveStateDict({ 'fc.weight': t })).rejects.toThrow(/saveStateDict: 'fc\.weight' was disposed/);
    await expect(saveStateDict({ x: 3 as never })).rejects.toThrow(/'x' is not a tensor/);
    expect(() => loadStateDict(new Uint8Array(4))).toThrow(/safetensors:/);
  });
});
