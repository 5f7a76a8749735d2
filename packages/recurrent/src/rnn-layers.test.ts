import { describe, it, expect } from 'vitest';
import { randn, manualSeed, tensor, ShapeError, ValueError, DTypeError, Generator } from '@dnn/tensor';
import { RNN, LSTM, GRU, LSTMCell, GRUCell, RNNCell } from './index';

describe('RNN, LSTM, GRU: construction, init, dropout and hostile input', () => {
  it('names and shapes every parameter as PyTorch does, drawn from U(−1/√hidden, 1/√hidden)', () => {
    const lstm = new LSTM(3, 16, { numLayers: 2, bidirectional: true, projSize: 4 });
    const names = lstm.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`);
    expect(names.slice(0, 5)).toEqual(['weight_ih_l0:64x3', 'weight_hh_l0:64x4', 'bias_ih_l0:64', 'bias_hh_l0:64', 'weight_hr_l0:4x16']);
    expect(names).toContain('weight_ih_l1_reverse:64x8');
    expect(names).toHaveLength(20);
    for (const p of lstm.parameters()) expect(Math.max(...Array.from(p.dataSync(), Math.abs))).toBeLessThanOrEqual(0.25);
    const all = lstm.parameters().flatMap((p) => Array.from(p.dataSync()));
    expect(Math.max(...all)).toBeGreaterThan(0.24); // the whole interval is used
    expect(new GRU(2, 3).numParameters()).toBe(3 * 3 * (2 + 3) + 2 * 9);
  });

  it('applies dropout between layers in training only, reproducibly from a generator', () => {
    manualSeed(4);
    const x = randn([5, 2, 3]);
    const net = new GRU(3, 8, { numLayers: 2, dropout: 0.5, generator: new Generator(7) });
    const a = net.forward(x).output.dataSync();
    const b = net.forward(x).output.dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    net.eval();
    expect(Array.from(net.forward(x).output.dataSync())).toEqual(Array.from(net.forward(x).output.dataSync()));
  });

  it('runs unbatched [T, in] input like a batch of one', () => {
    manualSeed(5);
    const net = new LSTM(3, 4, { numLayers: 2 });
    const x = randn([5, 3]);
    const un = net.forward(x);
    const batched = net.forward(x.unsqueeze(1));
    expect(un.output.shape).toEqual([5, 4]);
    expect(un.hN.shape).toEqual([2, 4]);
    expect(Array.from(un.output.dataSync())).toEqual(Array.from(batched.output.dataSync()));
  });

  it('rejects a wrong feature size, mismatched initial states and bad lengths, naming the layer and the shapes', () => {
    const lstm = new LSTM(128, 256, { numLayers: 2 });
    expect(() => lstm.forward(randn([5, 3, 64]))).toThrow(ShapeError);
    expect(() => lstm.forward(randn([5, 3, 64]))).toThrow('LSTM(128→256): expected input [T, N, 128] (batchFirst: false) or unbatched [T, 128], got [5,3,64]');
    const small = new LSTM(4, 6, { numLayers: 2, batchFirst: true, projSize: 3 });
    const x = randn([2, 5, 4]);
    expect(() => small.forward(x, [randn([2, 2, 6]), randn([2, 2, 6])])).toThrow('LSTM(4→6→3): expected h0 [2,2,3] for input [2,5,4], got [2,2,6]');
    expect(() => small.forward(x, [randn([2, 2, 3]), randn([1, 2, 6])])).toThrow('expected c0 [2,2,6]');
    const gru = new GRU(4, 6, { bidirectional: true });
    expect(() => gru.forward(randn([5, 2, 4]), randn([1, 2, 6]))).toThrow('GRU(4→6): expected h0 [2,2,6] for input [5,2,4], got [1,2,6]');
    expect(() => gru.forward(randn([5, 2, 4]), undefined, { lengths: [6, 2] })).toThrow(ValueError);
    expect(() => gru.forward(randn([5, 2, 4]), undefined, { lengths: [6, 2] })).toThrow('GRU(4→6): lengths[0] = 6 must be an integer in 1…5 (the sequence has 5 steps)');
    expect(() => gru.forward(randn([5, 2, 4]), undefined, { lengths: [0, 2] })).toThrow('lengths[0] = 0');
    expect(() => gru.forward(randn([5, 2, 4]), undefined, { lengths: [3] })).toThrow('GRU(4→6): expected 2 lengths (one per sequence), got 1');
    expect(() => gru.forward(randn([5, 2, 4]), undefined, { lengths: tensor([3, 2]) })).toThrow(DTypeError);
    expect(() => new RNN(3, 4).forward(randn([0, 2, 3]))).toThrow('RNN(3→4): the sequence has no steps');
    expect(() => new LSTM(3, 4, { projSize: 4 })).toThrow(ValueError);
    expect(() => new GRU(3, 4, { dropout: 2 })).toThrow('GRU: dropout must be in [0, 1], got 2');
  });

  it('cells reject wrong input and state shapes', () => {
    expect(() => new LSTMCell(3, 4).forward(randn([2, 5]))).toThrow('LSTMCell(3→4): expected input [N, 3] or [3], got [2,5]');
    expect(() => new GRUCell(3, 4).forward(randn([2, 3]), randn([3, 4]))).toThrow('GRUCell(3→4): expected h [2,4] for input [2,3], got [3,4]');
    expect(() => new RNNCell(3, 4).forward(randn([2, 3]), randn([2, 5]))).toThrow(ShapeError);
    expect(new GRUCell(3, 4).forward(randn([3])).shape).toEqual([4]);
  });
});
