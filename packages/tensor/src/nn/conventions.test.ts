import { describe, it, expect } from 'vitest';
import { checkModuleConventions, type ModuleExample } from '@dnn/tensor/testing';
import * as dnn from '@dnn/tensor';
import { Linear, ReLU, manualSeed, randn, tensor, type ModuleDict, type ModuleList } from '@dnn/tensor';

const f64 = { dtype: 'float64' } as const;

const x = (shape: number[]): ModuleExample['input'] => (o) => randn(shape, o);
const target = (values: number[]) => (o: { device: dnn.Device }) => tensor(values, { dtype: 'int32', device: o.device });

/** Every Module class @dnn/tensor exports (top level and under nn), with arguments and an input. */
const EXAMPLES: Record<string, ModuleExample> = {
  Linear: { args: [4, 3], options: { bias: true }, input: x([2, 4]) },
  Dropout: { options: { p: 0.3 }, input: x([2, 5]) },
  Embedding: { args: [6, 3], input: (o) => tensor([[0, 5], [2, 2]], { dtype: 'int32', device: o.device }) },
  LayerNorm: { args: [[2, 3]], options: { eps: 1e-6 }, input: x([2, 2, 3]) },
  ReLU: { input: x([2, 3]) },
  LeakyReLU: { options: { negativeSlope: 0.2 }, input: x([2, 3]) },
  ELU: { options: { alpha: 0.5 }, input: x([2, 3]) },
  GELU: { options: { approximate: 'tanh' }, input: x([2, 3]) },
  Sigmoid: { input: x([2, 3]) },
  Tanh: { input: x([2, 3]) },
  ScaledTanh: { input: x([2, 3]) },
  Softplus: { options: { beta: 2 }, input: x([2, 3]) },
  SiLU: { input: x([2, 3]) },
  Softmax: { options: { dim: 1 }, input: x([2, 3]) },
  LogSoftmax: { options: { dim: 1 }, input: x([2, 3]) },
  Identity: { input: x([2, 3]) },
  Flatten: { options: { startDim: 1 }, input: x([2, 3, 2]) },
  Sequential: { args: () => [new Linear(3, 2, f64), new ReLU()], signatureExempt: 'takes its modules', input: x([2, 3]) },
  ModuleList: {
    args: () => [[new Linear(3, 2, f64)]], signatureExempt: 'takes its modules', input: x([2, 3]),
    call: (m, t) => ((m as ModuleList).at(0) as Linear).forward(t),
  },
  ModuleDict: {
    args: () => [{ fc: new Linear(3, 2, f64) }], signatureExempt: 'takes its modules', input: x([2, 3]),
    call: (m, t) => ((m as ModuleDict).get('fc') as Linear).forward(t),
  },
  MSELoss: { input: (o) => [randn([2, 3], o), randn([2, 3], o)] },
  L1Loss: { input: (o) => [randn([2, 3], o), randn([2, 3], o)] },
  SmoothL1Loss: { options: { beta: 0.5 }, input: (o) => [randn([2, 3], o), randn([2, 3], o)] },
  NLLLoss: { input: (o) => [randn([2, 3], o).logSoftmax(1), target([0, 2])(o)] },
  CrossEntropyLoss: { options: { labelSmoothing: 0.1 }, input: (o) => [randn([2, 3], o), target([1, 2])(o)] },
  BCELoss: { input: (o) => [randn([2, 3], o).sigmoid(), randn([2, 3], o).sigmoid()] },
  BCEWithLogitsLoss: { input: (o) => [randn([2, 3], o), randn([2, 3], o).sigmoid()] },
  KLDivLoss: { options: { reduction: 'batchmean' }, input: (o) => [randn([2, 3], o).logSoftmax(1), randn([2, 3], o).softmax(1)] },
  CosineEmbeddingLoss: { options: { margin: 0.1 }, input: (o) => [randn([2, 3], o), randn([2, 3], o), tensor([1, -1], { dtype: o.dtype, device: o.device })] },
};

describe('layer conventions of @dnn/tensor', () => {
  it('every exported Module class takes (required arguments, options), runs forward and backward, moves with .to() and round-trips its state dict', () => {
    manualSeed(1);
    expect(checkModuleConventions({ ...dnn.nn, ...dnn }, EXAMPLES)).toEqual([]);
  });

  it('reports a class without an example, and a positional optional argument', () => {
    class Scale extends dnn.Module {
      constructor(readonly factor = 2) { super(); }
      forward(t: dnn.Tensor): dnn.Tensor { return t.mul(this.factor); }
    }
    expect(checkModuleConventions({ Scale }, {})).toEqual(['Scale: no example to construct and run it']);
    expect(checkModuleConventions({ Scale }, { Scale: { args: [3], input: x([2]) } })[0]).toMatch(/Scale: the constructor has 0 required parameter/);
  });
});
