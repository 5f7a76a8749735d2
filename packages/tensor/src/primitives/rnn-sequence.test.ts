import { describe, expect, it } from 'vitest';
import { DTypeError, Device, ShapeError, ValueError, createCpuBackend, fromTypedArray, gruSequence, lstmSequence, noGrad, tidy, traceOps, type Tensor } from '@dnn/tensor';
import { gradcheck, gradgradcheck } from '@dnn/tensor/testing';
import { hostUniform } from '../testing/host-random';

let seed = 31;
const rnd = (shape: number[], low = -1.5, high = 1.5, device?: Device): Tensor =>
  fromTypedArray(hostUniform(shape.reduce((a, b) => a * b, 1), seed++, low, high), shape, { device });
const packLstm = (r: { output: Tensor; h: Tensor; c: Tensor }) => r.output.sum().add(r.h.square().sum()).add(r.c.mul(r.h.narrow(1, 0, 1)).sum());

describe('lstmSequence and gruSequence', () => {
  it('gradients of gradients match finite differences (float64: projection, reversed, lengths; GRU with b_hh)', async () => {
    await gradgradcheck((gi, h0, c0, w, p, b) => packLstm(lstmSequence(gi!, h0!, c0!, w!, { weightHr: p!, bias: b!, reverse: true, lengths: [1, 2] })),
      [rnd([2, 2, 8]), rnd([2, 1]), rnd([2, 2]), rnd([8, 1]), rnd([1, 2]), rnd([8])]);
    await gradgradcheck((gi, h0, w, b, bi) => { const r = gruSequence(gi!, h0!, w!, { biasHh: b!, biasIh: bi!, lengths: [2, 1] }); return r.output.square().sum().add(r.h.sum()); },
      [rnd([2, 2, 6]), rnd([2, 2]), rnd([6, 2]), rnd([6]), rnd([6])]);
  });

  it('gradients match finite differences without lengths, both directions, one step and three (float64)', async () => {
    for (const T of [1, 3]) {
      for (const reverse of [false, true]) {
        await gradcheck((gi, h0, c0, w) => packLstm(lstmSequence(gi!, h0!, c0!, w!, { reverse })), [rnd([T, 2, 8]), rnd([2, 2]), rnd([2, 2]), rnd([8, 2])]);
        await gradcheck((gi, h0, c0, w, b) => packLstm(lstmSequence(gi!, h0!, c0!, w!, { bias: b!, reverse })), [rnd([T, 2, 8]), rnd([2, 2]), rnd([2, 2]), rnd([8, 2]), rnd([8])]);
        await gradcheck((gi, h0, w, b) => { const r = gruSequence(gi!, h0!, w!, { biasHh: b!, reverse }); return r.output.square().sum().add(r.h.sum()); },
          [rnd([T, 2, 6]), rnd([2, 2]), rnd([6, 2]), rnd([6])]);
        await gradcheck((gi, h0, w, bi) => { const r = gruSequence(gi!, h0!, w!, { biasIh: bi!, reverse }); return r.output.square().sum().add(r.h.sum()); },
          [rnd([T, 2, 6]), rnd([2, 2]), rnd([6, 2]), rnd([6])]);
      }
    }
  });

  it('a bias given to lstmSequence: the bits of adding it to gi first (float32), forward and gradients', () => {
    const xs = [rnd([4, 3, 16]), rnd([3, 4]), rnd([3, 4]), rnd([16, 4]), rnd([16])].map((t) => t.cast('float32'));
    const run = (withBias: boolean) => tidy(() => {
      const leaves = xs.map((t) => t.detach());
      for (const t of leaves) t.requiresGrad = true;
      const [gi, h0, c0, w, b] = leaves as [Tensor, Tensor, Tensor, Tensor, Tensor];
      const r = withBias ? lstmSequence(gi, h0, c0, w, { bias: b }) : lstmSequence(gi.add(b), h0, c0, w);
      packLstm(r).backward();
      const plain = noGrad(() => (withBias ? lstmSequence(gi, h0, c0, w, { bias: b }) : lstmSequence(gi.add(b), h0, c0, w)).output);
      return [r.output, r.h, r.c, plain, ...leaves.map((t) => t.grad!)].map((t) => Array.from(t.dataSync()));
    });
    const [got, want] = [run(true), run(false)];
    got.forEach((g, i) => expect(g, `part ${i}`).toEqual(want[i]));
  });

  it('a b_ih given to gruSequence: the bits of adding it to gi first (float32), forward and gradients', () => {
    const xs = [rnd([4, 3, 12]), rnd([3, 4]), rnd([12, 4]), rnd([12]), rnd([12])].map((t) => t.cast('float32'));
    const run = (inside: boolean) => tidy(() => {
      const leaves = xs.map((t) => t.detach());
      for (const t of leaves) t.requiresGrad = true;
      const [gi, h0, w, bHh, bIh] = leaves as [Tensor, Tensor, Tensor, Tensor, Tensor];
      const seq = () => (inside ? gruSequence(gi, h0, w, { biasHh: bHh, biasIh: bIh }) : gruSequence(gi.add(bIh), h0, w, { biasHh: bHh }));
      const r = seq();
      r.output.square().sum().add(r.h.sum()).backward();
      const plain = noGrad(() => seq().output);
      return [r.output, r.h, plain, ...leaves.map((t) => t.grad!)].map((t) => Array.from(t.dataSync()));
    });
    const [got, want] = [run(true), run(false)];
    got.forEach((g, i) => expect(g, `part ${i}`).toEqual(want[i]));
  });

  it('while an exporter traces, runs as the steps\' own ops with the same values', () => {
    const xs = [rnd([4, 2, 8]), rnd([2, 2]), rnd([2, 2]), rnd([8, 2])];
    const direct = lstmSequence(xs[0]!, xs[1]!, xs[2]!, xs[3]!, { lengths: [4, 2] }).output;
    const seen: string[] = [];
    const traced = traceOps((prim) => seen.push(prim), () => lstmSequence(xs[0]!, xs[1]!, xs[2]!, xs[3]!, { lengths: [4, 2] }).output);
    expect(seen).not.toContain('rnnSequence');
    expect(seen.filter((p) => p === 'lstmCell')).toHaveLength(4);
    expect(Array.from(traced.dataSync())).toEqual(Array.from(direct.dataSync()));
  });

  it('leaves nothing behind without the tape, and frees its saved steps with the graph', () => {
    const device = new Device(createCpuBackend(), 'rnn-sequence-memory');
    const xs = [rnd([5, 3, 8], -1, 1, device), rnd([3, 2], -1, 1, device), rnd([3, 2], -1, 1, device), rnd([8, 2], -1, 1, device)];
    const before = device.memory().tensors;
    noGrad(() => tidy(() => { lstmSequence(xs[0]!, xs[1]!, xs[2]!, xs[3]!, { lengths: [5, 1, 3] }); }));
    expect(device.memory().tensors).toBe(before);
    for (const t of xs) t.requiresGrad = true;
    tidy(() => packLstm(lstmSequence(xs[0]!, xs[1]!, xs[2]!, xs[3]!, { reverse: true })).backward());
    const grads = xs.map((t) => t.grad!);
    expect(grads.every((g) => g !== null)).toBe(true);
    expect(device.memory().tensors).toBe(before + 4);
  });

  it('rejects mismatched shapes and bad lengths with typed errors naming the op', () => {
    const gi = rnd([3, 2, 8]);
    expect(() => lstmSequence(gi, rnd([2, 2]), rnd([2, 3]), rnd([8, 2]))).toThrow(ShapeError);
    expect(() => lstmSequence(gi, rnd([2, 2]), rnd([2, 3]), rnd([8, 2]))).toThrow('lstmSequence: expected gi [T, N, 4H], h0 [N, P], c0 [N, H], weightHh [4H, P] (weightHr [P, H], bias [4H]), got gi [3,2,8], h0 [2,2], c0 [2,3], weightHh [8,2]');
    expect(() => gruSequence(rnd([3, 2, 6]), rnd([2, 2]), rnd([6, 2]), { biasHh: rnd([4]) })).toThrow('gruSequence: expected gi [T, N, 3H], h0 [N, H], weightHh [3H, H] (biasHh [3H]), got gi [3,2,6], h0 [2,2], weightHh [6,2], biasHh [4]');
    expect(() => gruSequence(rnd([3, 2, 6]), rnd([2, 2]), rnd([6, 2]), { lengths: [3, 4] })).toThrow(ValueError);
    expect(() => gruSequence(rnd([3, 2, 6]), rnd([2, 2]), rnd([6, 2]), { lengths: [3] })).toThrow('gruSequence: expected 2 lengths (one per sequence), got 1');
    expect(() => gruSequence(rnd([3, 2, 6]), rnd([2, 2]).cast('float32'), rnd([6, 2]))).toThrow(DTypeError);
    expect(() => gruSequence(rnd([3, 2, 6]), rnd([2, 2]).cast('float32'), rnd([6, 2]))).toThrow('gruSequence: expected tensors of one float dtype, got float64, float32, float64');
  });
});
