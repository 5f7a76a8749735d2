import { describe, it, expect } from 'vitest';
import { Module, Tensor, manualSeed, randn, randint, zeros, nn, type Device, type DType, type Parameter } from '@dnn/tensor';
import { checkModuleConventions, type ModuleExample } from '@dnn/tensor/testing';
import * as rec from './index';

const x = (shape: number[]) => (o: { device: Device; dtype: DType }) => randn(shape, o);

/** A user cell for Recurrent: s' = tanh(s·A + u·B), its weights float64 like the checked inputs. */
class TinyCell extends Module {
  A: Parameter;
  B: Parameter;
  constructor() {
    super();
    const o = nn.resolveOptions({ dtype: 'float64' });
    this.A = nn.init.normal_(nn.emptyParameter([3, 3], o), 0, 0.5) as Parameter;
    this.B = nn.init.normal_(nn.emptyParameter([2, 3], o), 0, 0.5) as Parameter;
  }
  forward(s: Tensor, u: Tensor): Tensor {
    return s.matmul(this.A).add(u.matmul(this.B)).tanh();
  }
  initialState(batch: number, u: Tensor): Tensor {
    return zeros([batch, 3], { dtype: u.dtype, device: u.device });
  }
}

/** Every Module class @dnn/recurrent exports, with its required arguments, some options and an input. */
const EXAMPLES: Record<string, ModuleExample> = {
  StateSpaceRNN: { args: [2, 3, 2], options: { output: 'softmax', nonlinearity: 'sigmoid' }, input: x([4, 2, 2]) },
  Recurrent: { args: () => [new TinyCell()], signatureExempt: 'takes the cell it unrolls', input: (o) => [randn([4, 2, 2], o), randn([2, 3], o)] },
  RNN: { args: [2, 3], options: { numLayers: 2, nonlinearity: 'relu', bidirectional: true }, input: x([4, 2, 2]) },
  LSTM: { args: [2, 4], options: { projSize: 2, batchFirst: true, dropout: 0 }, input: x([2, 4, 2]) },
  GRU: { args: [2, 3], options: { numLayers: 2 }, input: x([4, 2, 2]) },
  RNNCell: { args: [2, 3], options: { bias: false }, input: x([2, 2]) },
  LSTMCell: { args: [2, 3], input: x([2, 2]) },
  GRUCell: { args: [2, 3], input: x([2, 2]) },
  AdditiveAttention: { args: [2, 3, 4], input: (o) => [randn([2, 2], o), randn([2, 5, 3], o), randn([2, 5, 2], o)] },
  LuongAttention: { args: [2, 3], options: { score: 'general' }, input: (o) => [randn([2, 1, 2], o), randn([2, 5, 3], o), randn([2, 5, 2], o)] },
  MultiheadAttention: { args: [4, 2], options: { batchFirst: true }, input: (o) => [randn([2, 3, 4], o), randn([2, 5, 4], o), randn([2, 5, 4], o)] },
  Seq2Seq: { args: [5, 6], options: { embeddingDim: 3, hiddenSize: 4, bos: 5 }, input: (o) => [randint(0, 5, [2, 3], { device: o.device }), randint(0, 6, [2, 4], { device: o.device })] },
};

describe('layer conventions of @dnn/recurrent', () => {
  it('every exported layer takes (required arguments, options), runs forward and backward, moves with .to() and round-trips its state dict', () => {
    manualSeed(3);
    expect(checkModuleConventions(rec, EXAMPLES)).toEqual([]);
  });
});
