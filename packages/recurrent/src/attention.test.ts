import { describe, it, expect } from 'vitest';
import { Tensor, randn, manualSeed, tensor, nn, ShapeError, ValueError, Generator } from '@dnn/tensor';
import { gradcheck } from '@dnn/tensor/testing';
import { scaledDotProductAttention, AdditiveAttention, LuongAttention } from './attention';
import { MultiheadAttention } from './multihead-attention';

const f64 = { dtype: 'float64' as const };
const rows = (t: Tensor) => t.arraySync() as number[][][];

describe('attention', () => {
  it('scaled dot-product attention is softmax(q·kᵀ/√d)·v, computed by hand', () => {
    const q = tensor([[[1, 0], [0, 2]]], f64), k = tensor([[[1, 1], [0, 1], [2, 0]]], f64), v = tensor([[[1], [2], [3]]], f64);
    const { output, weights } = scaledDotProductAttention(q, k, v);
    const qs = [[1, 0], [0, 2]], ks = [[1, 1], [0, 1], [2, 0]];
    qs.forEach((qi, l) => {
      const e = ks.map((kj) => Math.exp((qi[0]! * kj[0]! + qi[1]! * kj[1]!) / Math.SQRT2));
      const z = e.reduce((a, b) => a + b);
      e.forEach((ej, s) => expect(rows(weights)[0]![l]![s]).toBeCloseTo(ej / z, 14));
      expect(rows(output)[0]![l]![0]).toBeCloseTo((e[0]! + 2 * e[1]! + 3 * e[2]!) / z, 14);
    });
  });

  it('causal and padding masks give hidden keys zero weight and their values zero gradient', () => {
    manualSeed(1);
    const q = randn([2, 4, 3], f64), k = randn([2, 4, 3], f64), v = randn([2, 4, 3], f64).setRequiresGrad();
    const keyPaddingMask = tensor([[false, false, false, false], [false, false, true, true]], { dtype: 'bool' });
    const { output, weights } = scaledDotProductAttention(q, k, v, { causal: true, keyPaddingMask });
    const w = rows(weights);
    for (let n = 0; n < 2; n++) for (let l = 0; l < 4; l++) {
      for (let s = 0; s < 4; s++) if (s > l || (n === 1 && s >= 2)) expect(w[n]![l]![s]).toBe(0);
      expect(w[n]![l]!.reduce((a, b) => a + b)).toBeCloseTo(1, 14);
    }
    output.sum().backward();
    expect(Array.from(v.grad!.select(0, 1).narrow(0, 2, 2).dataSync()).every((g) => g === 0)).toBe(true);
  });

  it('attention dropout zeroes weights in training only, reproducibly', () => {
    manualSeed(2);
    const q = randn([1, 8, 4]), k = randn([1, 8, 4]), v = randn([1, 8, 4]);
    const a = scaledDotProductAttention(q, k, v, { dropout: 0.5, training: true, generator: new Generator(3) }).weights.dataSync();
    const b = scaledDotProductAttention(q, k, v, { dropout: 0.5, training: true, generator: new Generator(3) }).weights.dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a).filter((x) => x === 0).length).toBeGreaterThan(16);
    const evalW = scaledDotProductAttention(q, k, v, { dropout: 0.5 }).weights.dataSync();
    expect(Array.from(evalW).every((x) => x > 0)).toBe(true);
    expect(() => scaledDotProductAttention(q, k, v, { dropout: 2 })).toThrow(ValueError);
  });

  it('additive attention scores vᵀ·tanh(W_q·q + W_k·k + b), by hand for one query', () => {
    manualSeed(3);
    const att = new AdditiveAttention(2, 3, 4, f64);
    const q = randn([1, 2], f64), keys = randn([1, 3, 3], f64), values = randn([1, 3, 2], f64);
    const { output, weights } = att.forward(q, keys, values);
    expect(output.shape).toEqual([1, 2]);
    const Wq = att.query.weight.arraySync() as number[][], Wk = att.key.weight.arraySync() as number[][];
    const b = att.key.bias!.arraySync() as number[], v = (att.v.weight.arraySync() as number[][])[0]!;
    const qv = (q.arraySync() as number[][])[0]!, ks = (keys.arraySync() as number[][][])[0]!;
    const scores = ks.map((kv) => v.reduce((acc, vi, i) => acc + vi * Math.tanh(Wq[i]!.reduce((a, w, j) => a + w * qv[j]!, 0) + Wk[i]!.reduce((a, w, j) => a + w * kv[j]!, 0) + b[i]!), 0));
    const e = scores.map(Math.exp), z = e.reduce((x, y) => x + y);
    e.forEach((ei, s) => expect((weights.arraySync() as number[][])[0]![s]).toBeCloseTo(ei / z, 13));
  });

  it('Luong dot is scaled dot-product attention with scale 1; general is dot with W applied to the keys', () => {
    manualSeed(4);
    const q = randn([2, 3, 4], f64), k = randn([2, 5, 4], f64), v = randn([2, 5, 2], f64);
    const dot = new LuongAttention(4, 4, { score: 'dot' }).forward(q, k, v);
    const ref = scaledDotProductAttention(q, k, v, { scale: 1 });
    expect(Array.from(dot.output.dataSync())).toEqual(Array.from(ref.output.dataSync()));
    const general = new LuongAttention(4, 4, f64);
    const viaDot = scaledDotProductAttention(q, general.linear!.forward(k), v, { scale: 1 });
    const g = general.forward(q, k, v).output.dataSync();
    Array.from(viaDot.output.dataSync()).forEach((x, i) => expect(g[i]).toBeCloseTo(x, 14));
    expect(() => new LuongAttention(3, 4, { score: 'dot' })).toThrow(ValueError);
    expect(() => general.forward(randn([2, 3, 5], f64), k, v)).toThrow(ShapeError);
    expect(() => general.forward(q, k, v, { keyPaddingMask: tensor([[true]], { dtype: 'bool' }) })).toThrow('LuongAttention(4, 4, general): keyPaddingMask must be [N=2, S=5], got [1,1]');
  });

  it('passes float64 finite-difference checks through additive and general attention', async () => {
    manualSeed(5);
    for (const att of [new AdditiveAttention(2, 3, 3, f64), new LuongAttention(2, 3, f64)]) {
      const named = att.namedParameters();
      const fn = (q: Tensor, k: Tensor, v: Tensor, ...ps: Tensor[]) =>
        nn.functionalCall(att as AdditiveAttention, Object.fromEntries(named.map(([n], i) => [n, ps[i]!])), q, k, v, { causal: true }).output;
      await gradcheck(fn, [randn([2, 3, 2], f64), randn([2, 3, 3], f64), randn([2, 3, 2], f64), ...named.map(([, p]) => p.detach())], { atol: 1e-7, rtol: 1e-5 });
    }
  });

  it('MultiheadAttention rejects mismatched shapes and head counts', () => {
    expect(() => new MultiheadAttention(6, 4)).toThrow('MultiheadAttention: embedDim 6 must be a positive multiple of numHeads 4');
    const mha = new MultiheadAttention(4, 2, { batchFirst: true });
    expect(() => mha.forward(randn([2, 3, 5]), randn([2, 3, 4]), randn([2, 3, 4]))).toThrow('MultiheadAttention(4, heads=2): expected query [N, L, E] with E = 4 (batchFirst: true), got [2,3,5]');
    expect(() => mha.forward(randn([2, 3, 4]), randn([2, 5, 4]), randn([2, 4, 4]))).toThrow(ShapeError);
    expect(mha.forward(randn([2, 3, 4]), randn([2, 5, 4]), randn([2, 5, 4]), { needWeights: false }).weights).toBeNull();
  });
});
