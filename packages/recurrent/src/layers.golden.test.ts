import { describe, it, expect } from 'vitest';
import { Module, Tensor, tensor } from '@dnn/tensor';
import { readFixture, f64, expectCloseTo, type Arr } from './golden';
import * as rec from './index';

interface Case {
  name: string; layer: string; inputSize: number; hiddenSize: number; options: Record<string, unknown>;
  state: Record<string, Arr>; input: Arr; initial: Arr[]; lengths: number[] | null;
  gradOutputs: Arr[]; outputs: Arr[]; gradInput: Arr; gradInitial: Arr[]; gradParams: Record<string, Arr>;
}

/** Builds the layer and returns it with a function running it to PyTorch's list of outputs. */
function build(c: Case): [Module, (x: Tensor, init: Tensor[]) => Tensor[]] {
  const o = { ...c.options, dtype: 'float64' as const };
  const lengths = c.lengths ? tensor(c.lengths, { dtype: 'int32' }) : undefined;
  const s = (init: Tensor[]) => (init.length ? init : undefined);
  switch (c.layer) {
    case 'RNN': { const m = new rec.RNN(c.inputSize, c.hiddenSize, o); return [m, (x, i) => { const r = m.forward(x, s(i)?.[0], { lengths }); return [r.output, r.hN]; }]; }
    case 'GRU': { const m = new rec.GRU(c.inputSize, c.hiddenSize, o); return [m, (x, i) => { const r = m.forward(x, s(i)?.[0], { lengths }); return [r.output, r.hN]; }]; }
    case 'LSTM': { const m = new rec.LSTM(c.inputSize, c.hiddenSize, o); return [m, (x, i) => { const r = m.forward(x, s(i) as [Tensor, Tensor] | undefined, { lengths }); return [r.output, r.hN, r.cN]; }]; }
    case 'RNNCell': { const m = new rec.RNNCell(c.inputSize, c.hiddenSize, o); return [m, (x, i) => [m.forward(x, i[0])]]; }
    case 'GRUCell': { const m = new rec.GRUCell(c.inputSize, c.hiddenSize, o); return [m, (x, i) => [m.forward(x, i[0])]]; }
    case 'LSTMCell': { const m = new rec.LSTMCell(c.inputSize, c.hiddenSize, o); return [m, (x, i) => m.forward(x, s(i) as [Tensor, Tensor] | undefined)]; }
    default: throw new Error(`no builder for ${c.layer}`);
  }
}

describe('recurrent layers match PyTorch (float64 outputs, final states, gradients of inputs, states and parameters)', () => {
  for (const c of readFixture<Case>('layers.json').cases) {
    it(`${c.layer}: ${c.name}`, () => {
      const [layer, run] = build(c);
      // a strict load by PyTorch's names proves the state-dict layout as well as the arithmetic
      const res = layer.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, f64(v)])), { strict: true });
      expect(res.missingKeys).toEqual([]);
      expect(Object.keys(layer.stateDict())).toEqual(Object.keys(c.state));
      const x = f64(c.input).setRequiresGrad();
      const init = c.initial.map((a) => f64(a).setRequiresGrad());
      const outs = run(x, init);
      expect(outs).toHaveLength(c.outputs.length);
      outs.forEach((o, i) => expectCloseTo(o, c.outputs[i]!, `output ${i}`));
      outs.map((o, i) => o.mul(f64(c.gradOutputs[i]!)).sum()).reduce((a, b) => a.add(b)).backward();
      expectCloseTo(x.grad!, c.gradInput, 'input gradient');
      init.forEach((t, i) => expectCloseTo(t.grad!, c.gradInitial[i]!, `gradient of initial state ${i}`));
      const params = Object.fromEntries(layer.namedParameters());
      for (const [name, g] of Object.entries(c.gradParams)) expectCloseTo(params[name]!.grad!, g, `gradient of ${name}`);
    });
  }
});
