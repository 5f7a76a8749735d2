import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpu } from './device';
import { noGrad } from './autograd/mode';
import { ValueError } from './errors';
import { dispose, keep, tidy } from './memory';
import { fromTypedArray, tensor, zeros } from './ops/creation';
import { matmul } from './ops/matmul';
import { randn } from './ops/random';
import { Generator } from './random/generator';
import type { Tensor } from './tensor';

const mem = () => cpu().memory();

describe('tidy', () => {
  it('leaves device.memory() unchanged for any chain of ops (property)', () => {
    const ops: ((t: Tensor) => Tensor)[] = [
      (t) => t.exp(), (t) => t.add(1), (t) => t.mul(t), (t) => t.T, (t) => t.sum(0, true), (t) => t.flip(0),
      (t) => t.reshape([-1]).reshape(t.shape), (t) => t.max(-1, true), (t) => t.relu(), (t) => t.contiguous(),
    ];
    const x = fromTypedArray(Float32Array.from({ length: 12 }, (_, i) => i - 6), [3, 4]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: ops.length - 1 }), { maxLength: 12 }), (chain) => {
      const before = mem();
      tidy(() => {
        let t = x;
        for (const k of chain) t = ops[k]!(t);
      });
      expect(mem()).toEqual(before);
    }));
  });

  it('keeps returned tensors (in objects and arrays) and kept ones, and frees them on dispose', () => {
    const before = mem();
    const out = tidy(() => {
      const a = tensor([1, 2, 3]);
      const b = keep(a.mul(2));
      a.add(b).exp();
      return { pair: [a, a.sum()], b };
    });
    expect(mem().tensors).toBe(before.tensors + 3);
    expect(out.pair[1]!.item()).toBe(6);
    dispose(out);
    expect(mem()).toEqual(before);
  });

  it('nested scopes hand returned tensors to the outer scope', () => {
    const before = mem();
    tidy(() => {
      const inner = tidy(() => tensor([1, 2]).add(1));
      expect(inner.disposed).toBe(false);
    });
    expect(mem()).toEqual(before);
  });

  it('refuses an async function', () => {
    const before = mem();
    expect(() => tidy(() => Promise.resolve(1))).toThrow(/^tidy: fn must be synchronous/);
    expect(mem()).toEqual(before);
  });
});

describe('dispose', () => {
  it('twice is safe, and frees the buffer only with its last view', () => {
    const before = mem();
    const x = zeros([4, 4]);
    const v = x.T;
    x.dispose();
    x.dispose();
    expect(mem().buffers).toBe(before.buffers + 1);
    expect(tidy(() => v.sum().item())).toBe(0);
    v.dispose();
    expect(mem()).toEqual(before);
  });

  it('works through `using`', () => {
    const before = mem();
    {
      using t = tensor([1, 2, 3]);
      expect(t.disposed).toBe(false);
    }
    expect(mem()).toEqual(before);
  });

  it('ops on a disposed tensor throw ValueError naming the op', () => {
    const x = tensor([[1, 2], [3, 4]]);
    const y = x.T;
    x.dispose();
    expect(tidy(() => y.sum().item())).toBe(10); // a view keeps its storage
    const cases: [string, () => unknown][] = [
      ['add', () => x.add(1)], ['exp', () => x.exp()], ['sum', () => x.sum()], ['matmul', () => matmul(x, x)],
      ['reshape', () => x.reshape([4])], ['permute', () => x.permute([1, 0])], ['dataSync', () => x.dataSync()],
      ['detach', () => x.detach()], ['assign', () => y.assign(x)],
    ];
    for (const [op, fn] of cases) {
      expect(fn, op).toThrow(ValueError);
      expect(fn, op).toThrow(new RegExp(`^${op}: (tensor \\[2,2\\] \\(float32\\) was disposed|.*disposed)`));
    }
    y.dispose();
  });

  it('disposing an input does not break a recorded backward pass', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const h = x.mul(2);
    const y = h.square().sum();
    h.dispose();
    y.backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([8, 16, 24]);
    dispose([x, y]);
  });
});

describe('a training loop', () => {
  it('keeps cpu().memory() flat over 1,000 forward/backward/assign steps inside tidy', () => {
    const gen = new Generator(3);
    const X = randn([32, 4], { generator: gen });
    const trueW = tensor([[1], [-2], [0.5], [3]]);
    const Y = X.matmul(trueW).add(0.25);
    const w = zeros([4, 1], { requiresGrad: true });
    const b = zeros([1], { requiresGrad: true });
    const lossAt: number[] = [];
    const usage: string[] = [];
    for (let step = 0; step < 1000; step++) {
      tidy(() => {
        const loss = X.matmul(w).add(b).sub(Y).square().mean();
        loss.backward();
        // updates are not recorded, as in every optimizer
        noGrad(() => {
          w.assign(w.sub(w.grad!.mul(0.05)));
          b.assign(b.sub(b.grad!.mul(0.05)));
        });
        w.zeroGrad();
        b.zeroGrad();
        if (step % 100 === 0 || step === 999) lossAt.push(loss.item());
      });
      const m = mem();
      usage.push(`${m.tensors}/${m.buffers}/${m.bytes}`);
    }
    // identical accounting after every step: nothing accumulates
    expect(new Set(usage.slice(1)).size).toBe(1);
    expect(usage[0]).toBe(usage[999]);
    // and the loop did learn: the loss fell to ~0 and w approached the true weights
    expect(lossAt[0]).toBeGreaterThan(1);
    expect(lossAt[lossAt.length - 1]).toBeLessThan(1e-6);
    expect(Array.from(w.dataSync()).map((v) => Math.round(v * 100) / 100)).toEqual([1, -2, 0.5, 3]);
    dispose([X, trueW, Y, w, b]);
  });
});

describe('itemAsync and creation tracing', () => {
  it('itemAsync reads the one value of a tensor and refuses more than one', async () => {
    const { tensor } = await import('./ops/creation');
    const t = tensor([2.5]);
    expect(await t.itemAsync()).toBe(2.5);
    await expect(tensor([1, 2]).itemAsync()).rejects.toThrow('itemAsync: only one-element tensors have an item, got [2]');
  });

  it('traceTensorCreation records where each live tensor was made, and forgets it on dispose', async () => {
    const { ones } = await import('./ops/creation');
    const { traceTensorCreation, liveTensorTraces } = await import('./memory');
    traceTensorCreation(true);
    try {
      const a = ones([2]);
      const b = ones([3]);
      const traces = liveTensorTraces();
      expect(traces.map((t) => t.tensor)).toEqual([a, b]);
      expect(traces[0]!.stack).toContain('memory.test.ts');
      a.dispose();
      expect(liveTensorTraces().map((t) => t.tensor)).toEqual([b]);
      b.dispose();
    } finally {
      traceTensorCreation(false);
    }
    expect(liveTensorTraces()).toEqual([]);
  });
});
