import { describe, it, expect } from 'vitest';
import { Tensor, randn, manualSeed, ValueError, optim } from '@dnn/tensor';
import { GRU } from './gru';
import { bptt, clipGradients, type Span } from './bptt';

const f64 = { dtype: 'float64' as const };

function setup() {
  manualSeed(8);
  const net = new GRU(2, 3, f64);
  const x = randn([6, 2, 2], f64);
  const y = randn([6, 2, 3], f64);
  const h0 = randn([1, 2, 3], f64);
  /** Squared error of the outputs over [lossFrom, end), from the state at `start`. */
  const run = (span: Span, h: Tensor) => {
    const { output, hN } = net.forward(x.narrow(0, span.start, span.end - span.start), h);
    const k = span.lossFrom - span.start;
    const loss = output.narrow(0, k, span.end - span.lossFrom).sub(y.narrow(0, span.lossFrom, span.end - span.lossFrom)).square().sum();
    return { loss, state: hN };
  };
  /** An optimizer that records the gradients of every update and leaves the parameters alone. */
  const recorded: number[][][] = [];
  const recorder = { zeroGrad: () => net.zeroGrad(), step: () => recorded.push(net.parameters().map((p) => Array.from(p.grad!.dataSync()))) };
  return { net, x, y, h0, run, recorded, recorder };
}

const gradsOf = (net: GRU, f: () => Tensor) => {
  net.zeroGrad();
  f().backward();
  return net.parameters().map((p) => Array.from(p.grad!.dataSync()));
};
const expectGradsClose = (a: number[][], b: number[][]) => a.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 12)));

describe('bptt', () => {
  it('full BPTT takes one update with the gradient of the whole sequence', () => {
    const s = setup();
    const { losses } = bptt({ steps: 6, initialState: s.h0, run: s.run, optimizer: s.recorder });
    expect(losses).toHaveLength(1);
    expectGradsClose(s.recorded[0]!, gradsOf(s.net, () => s.run({ start: 0, lossFrom: 0, end: 6 }, s.h0).loss));
  });

  it('truncated BPTT(2, 2) carries the state across chunks and cuts the gradient at each boundary', () => {
    const s = setup();
    const { losses, state } = bptt({ steps: 6, k1: 2, initialState: s.h0, run: s.run, optimizer: s.recorder });
    expect(losses).toHaveLength(3);
    let h = s.h0;
    for (let c = 0; c < 3; c++) {
      const start = 2 * c;
      expectGradsClose(s.recorded[c]!, gradsOf(s.net, () => s.run({ start, lossFrom: start, end: start + 2 }, h).loss));
      h = s.run({ start, lossFrom: start, end: start + 2 }, h).state.detach();
    }
    expect(Array.from(state.dataSync())).toEqual(Array.from(h.dataSync()));
    expect(state.requiresGrad).toBe(false);
  });

  it('BPTT(k1 = 2, k2 = 4) backpropagates each 2-step loss through the 4 steps before it', () => {
    const s = setup();
    bptt({ steps: 6, k1: 2, k2: 4, initialState: s.h0, run: s.run, optimizer: s.recorder });
    expect(s.recorded).toHaveLength(3);
    const h2 = s.run({ start: 0, lossFrom: 0, end: 2 }, s.h0).state.detach();
    expectGradsClose(s.recorded[1]!, gradsOf(s.net, () => s.run({ start: 0, lossFrom: 2, end: 4 }, s.h0).loss));
    expectGradsClose(s.recorded[2]!, gradsOf(s.net, () => s.run({ start: 2, lossFrom: 4, end: 6 }, h2).loss));
    // the window really is 4 steps: cutting it at 2 gives a different gradient
    const cut = gradsOf(s.net, () => s.run({ start: 4, lossFrom: 4, end: 6 }, s.run({ start: 2, lossFrom: 2, end: 4 }, h2).state.detach()).loss);
    expect(Math.abs(cut[0]![0]! - s.recorded[2]![0]![0]!)).toBeGreaterThan(1e-6);
  });

  it('clips by value and by norm, and rejects bad k1/k2', () => {
    const s = setup();
    gradsOf(s.net, () => s.run({ start: 0, lossFrom: 0, end: 6 }, s.h0).loss.mul(100));
    const before = clipGradients(s.net.parameters(), { clipValue: 5, maxNorm: 1 })!.item();
    expect(before).toBeGreaterThan(1);
    const after = Math.sqrt(s.net.parameters().reduce((n, p) => n + Array.from(p.grad!.dataSync()).reduce((a, v) => a + v * v, 0), 0));
    expect(after).toBeCloseTo(1, 5);
    const sgd = new optim.SGD(s.net.parameters(), { lr: 0.1 });
    expect(() => bptt({ steps: 6, k1: 4, k2: 2, initialState: s.h0, run: s.run, optimizer: sgd })).toThrow(ValueError);
    expect(() => bptt({ steps: 6, k1: 0, initialState: s.h0, run: s.run, optimizer: sgd })).toThrow('bptt: k1 must be an integer in 1…6, got 0');
  });
});
