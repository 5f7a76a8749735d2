import { describe, it, expect } from 'vitest';
import { Module, Tensor, randn, manualSeed, zeros, nn, ShapeError, type Parameter } from '@dnn/tensor';
import { gradcheck } from '@dnn/tensor/testing';
import { Recurrent } from './recurrent';

const f64 = { dtype: 'float64' as const };

/** A user cell with a tuple state: a damped oscillator driven by the input, x(t+1) = f[x(t), u(t)]. */
class Oscillator extends Module {
  A: Parameter;
  B: Parameter;
  constructor() {
    super();
    this.A = nn.init.normal_(nn.emptyParameter([2, 2], nn.resolveOptions(f64)), 0, 0.5) as Parameter;
    this.B = nn.init.normal_(nn.emptyParameter([3, 2], nn.resolveOptions(f64)), 0, 0.5) as Parameter;
  }
  forward([pos, vel]: readonly Tensor[], u: Tensor): Tensor[] {
    const nextVel = vel.mul(0.9).add(pos.matmul(this.A).tanh()).add(u.matmul(this.B));
    return [pos.add(nextVel.mul(0.1)), nextVel];
  }
}

/** A user cell with a single state of rank 3 (a small matrix per sequence). */
class MatrixCell extends Module {
  w: Parameter;
  constructor() {
    super();
    this.w = nn.init.normal_(nn.emptyParameter([2, 2], nn.resolveOptions(f64)), 0, 0.5) as Parameter;
  }
  forward(s: Tensor, u: Tensor): Tensor {
    return s.matmul(this.w).add(u.unsqueeze(-1)).sigmoid();
  }
  initialState(batch: number, u: Tensor): Tensor {
    return zeros([batch, 2, 2], { dtype: u.dtype });
  }
}

describe('Recurrent', () => {
  it('unrolls a tuple-state user cell and stacks every state over time', () => {
    manualSeed(1);
    const rnn = new Recurrent(new Oscillator());
    const u = randn([6, 2, 3], f64);
    const s0 = [randn([2, 2], f64), randn([2, 2], f64)];
    const { states, final } = rnn.forward(u, s0);
    let s: Tensor[] = s0;
    for (let t = 0; t < 6; t++) s = rnn.cell.forward(s, u.select(0, t));
    expect(Array.from(final[0]!.dataSync())).toEqual(Array.from(s[0]!.dataSync()));
    expect(Array.from(final[1]!.dataSync())).toEqual(Array.from(s[1]!.dataSync()));
    expect(states[0]!.shape).toEqual([6, 2, 2]);
    expect(Object.keys(rnn.stateDict())).toEqual(['cell.A', 'cell.B']);
  });

  it('passes a float64 finite-difference check of BPTT through inputs, initial state and cell weights', async () => {
    manualSeed(2);
    const rnn = new Recurrent(new Oscillator(), { batchFirst: true });
    const fn = (u: Tensor, p0: Tensor, v0: Tensor, A: Tensor, B: Tensor) => {
      const r = nn.functionalCall(rnn, { 'cell.A': A, 'cell.B': B }, u, [p0, v0]);
      return r.states[0]!.add(r.final[1]!.sum());
    };
    const args = [randn([2, 5, 3], f64), randn([2, 2], f64), randn([2, 2], f64), rnn.cell.A.detach(), rnn.cell.B.detach()];
    const report = await gradcheck(fn, args, { atol: 1e-7, rtol: 1e-5 });
    expect(report.inputs).toHaveLength(5);
  });

  it('with lengths and reverse: padding neither changes the final state nor receives gradient', async () => {
    manualSeed(3);
    const rnn = new Recurrent(new MatrixCell(), { reverse: true });
    const u = randn([4, 3, 2], f64).setRequiresGrad();
    const { final } = rnn.forward(u, undefined, { lengths: [4, 1, 3] });
    // sequence 1 only has step 0: reversed from its own end, the final state is one step from zeros
    const one = rnn.cell.forward(zeros([1, 2, 2], f64), u.select(0, 0).narrow(0, 1, 1));
    expect(Array.from(final.select(0, 1).dataSync())).toEqual(Array.from(one.select(0, 0).dataSync()));
    final.sum().backward();
    const g = u.grad!;
    expect(Array.from(g.narrow(0, 1, 3).select(1, 1).dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(g.select(0, 3).select(0, 2).dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(g.select(0, 2).select(0, 2).dataSync()).some((v) => v !== 0)).toBe(true);
    const fn = (x: Tensor) => rnn.forward(x, undefined, { lengths: [4, 1, 3] }).final;
    await gradcheck(fn, [u.detach()], { atol: 1e-7, rtol: 1e-5 });
  });

  it('rejects initial states without the batch dim and cells that change the state shape', () => {
    const rnn = new Recurrent(new Oscillator());
    expect(() => rnn.forward(randn([3, 2, 3], f64), [randn([4, 2], f64), randn([2, 2], f64)])).toThrow(ShapeError);
    expect(() => rnn.forward(randn([3, 2, 3], f64), [randn([4, 2], f64), randn([2, 2], f64)])).toThrow('Recurrent(Oscillator): every initial state tensor must be [2, …]');
    expect(() => new Recurrent(new Oscillator()).forward(randn([3, 2, 3], f64))).toThrow('has no initialState()');
  });
});
