import { describe, it, expect } from 'vitest';
import { Tensor, randn, manualSeed, tensor, ShapeError, ValueError, nn } from '@dnn/tensor';
import { gradcheck } from '@dnn/tensor/testing';
import { StateSpaceRNN } from './state-space-rnn';

const f64 = { dtype: 'float64' as const };
type Mat = number[][];
const matvec = (m: Mat, v: number[]) => m.map((row) => row.reduce((s, w, j) => s + w * v[j]!, 0));

/** The formula evaluated by hand in plain numbers, one sequence at a time. */
function reference(net: StateSpaceRNN, x: number[][][], f: (v: number) => number, softmax: boolean) {
  const U = net.U.arraySync() as Mat, W = net.W.arraySync() as Mat, b = net.b!.arraySync() as number[], V = net.V.arraySync() as Mat;
  const T = x.length, N = x[0]!.length;
  const outs: number[][][] = [], states: number[][][] = [];
  let s = Array.from({ length: N }, () => new Array(net.hiddenSize).fill(0) as number[]);
  for (let t = 0; t < T; t++) {
    s = s.map((sn, n) => matvec(U, x[t]![n]!).map((u, i) => f(u + matvec(W, sn)[i]! + b[i]!)));
    states.push(s);
    outs.push(s.map((sn) => {
      const o = matvec(V, sn);
      if (!softmax) return o;
      const e = o.map(Math.exp), z = e.reduce((a, c) => a + c, 0);
      return e.map((v) => v / z);
    }));
  }
  return { outs, states };
}

const close = (a: Tensor, e: number[][][]) => {
  const got = a.dataSync(), want = e.flat(2);
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
};

describe('StateSpaceRNN', () => {
  for (const [f, g, fn] of [['tanh', 'identity', Math.tanh], ['relu', 'softmax', (v: number) => Math.max(0, v)], ['sigmoid', 'softmax', (v: number) => 1 / (1 + Math.exp(-v))]] as const) {
    it(`computes sₜ = ${f}(U·xₜ + W·sₜ₋₁ + b), oₜ = ${g}(V·sₜ) step by step`, () => {
      manualSeed(1);
      const net = new StateSpaceRNN(3, 4, 2, { ...f64, nonlinearity: f, output: g });
      const x = randn([5, 2, 3], f64);
      const { outputs, states, final } = net.forward(x);
      const ref = reference(net, x.arraySync() as number[][][], fn, g === 'softmax');
      close(outputs, ref.outs);
      close(states, ref.states);
      close(final.unsqueeze(0), [ref.states[4]!]);
    });
  }

  it('with batchFirst gives the transposed result, and lengths freeze the state after each sequence ends', () => {
    manualSeed(2);
    const net = new StateSpaceRNN(2, 3, 2, f64);
    const x = randn([4, 2, 2], f64);
    const timeMajor = net.forward(x, undefined, { lengths: [4, 2] });
    const bf = new StateSpaceRNN(2, 3, 2, { ...f64, batchFirst: true });
    bf.loadStateDict(net.stateDict());
    const r = bf.forward(x.transpose(0, 1), undefined, { lengths: [4, 2] });
    expect(Array.from(r.outputs.transpose(0, 1).contiguous().dataSync())).toEqual(Array.from(timeMajor.outputs.dataSync()));
    // the second sequence stops after 2 steps: its final state is its state at step 2
    const short = net.forward(x.narrow(0, 0, 2).narrow(1, 1, 1));
    expect(Array.from(timeMajor.final.select(0, 1).dataSync())).toEqual(Array.from(short.final.select(0, 0).dataSync()));
  });

  it('passes a float64 finite-difference gradient check through the input, s₀ and U, W, b, V', async () => {
    manualSeed(3);
    const net = new StateSpaceRNN(2, 3, 2, { ...f64, output: 'softmax' });
    const named = net.namedParameters();
    const fn = (x: Tensor, s0: Tensor, ...ps: Tensor[]) => {
      const r = nn.functionalCall(net, Object.fromEntries(named.map(([n], i) => [n, ps[i]!])), x, s0);
      return r.outputs.add(r.final.sum());
    };
    const report = await gradcheck(fn, [randn([4, 2, 2], f64), randn([2, 3], f64), ...named.map(([, p]) => p.detach())], { atol: 1e-7, rtol: 1e-5 });
    expect(report.inputs).toHaveLength(2 + 4);
  });

  it('rejects a wrong feature size, a wrong initial state and bad lengths with typed errors naming the layer', () => {
    const net = new StateSpaceRNN(3, 4, 2);
    expect(() => net.forward(randn([5, 2, 6]))).toThrow(ShapeError);
    expect(() => net.forward(randn([5, 2, 6]))).toThrow('StateSpaceRNN(3→4→2): expected input [T, N, 3] (batchFirst: false), got [5,2,6]');
    expect(() => net.forward(randn([5, 2, 3]), randn([3, 4]))).toThrow('expected initial state [2, 4], got [3,4]');
    expect(() => net.forward(randn([5, 2, 3]), undefined, { lengths: [6, 2] })).toThrow(ValueError);
    expect(() => net.forward(randn([5, 2, 3]), undefined, { lengths: tensor([0, 2], { dtype: 'int32' }) })).toThrow('lengths[0] = 0 must be an integer in 1…5');
    expect(() => new StateSpaceRNN(3, 4, 2, { nonlinearity: 'gelu' as 'tanh' })).toThrow(ValueError);
  });
});
