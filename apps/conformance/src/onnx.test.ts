import { describe, it } from 'vitest';
import { Module, manualSeed, nn, randn } from '@dnn/tensor';
import type { Tensor } from '@dnn/tensor';
import { alexnet, googlenet, lenet5, resnet18, resnet20 } from '@dnn/models';
import { GRU, LSTM, MultiheadAttention } from '@dnn/recurrent';
import { GATConv, GCNConv, Graph } from '@dnn/graph';
import { ConvDecoder, MLPDecoder } from '@dnn/generative';
import { toOnnx } from '@dnn/onnx';
import { expectOrtMatches } from '../../../packages/onnx/src/testing.test-helper';

// Every model is traced on a batch of 3 and run by ONNX Runtime on a batch of 5 (a dynamic batch axis),
// compared with dnn's forward on that batch in float32.
const batchAxis = { input: { 0: 'batch' }, output: { 0: 'batch' } };
const TOLERANCE = 1e-4;

async function checkExport(model: Module, sample: readonly number[], [traced, run] = [3, 5]): Promise<void> {
  const bytes = toOnnx(model, randn([traced, ...sample]), { dynamicAxes: batchAxis });
  const worst = await expectOrtMatches(bytes, model, randn([run, ...sample]), TOLERANCE);
  console.log(`${model.constructor.name}: worst relative error ${worst.toExponential(2)}`);
}

/** A two-layer LSTM's output sequence (batch-first). */
class Sequence extends Module {
  readonly lstm = new LSTM(5, 6, { numLayers: 2, batchFirst: true });
  forward(x: Tensor): Tensor {
    return this.lstm.forward(x).output;
  }
}

/** A bidirectional GRU's output sequence (time-first: the batch is axis 1 inside). */
class GruSequence extends Module {
  readonly gru = new GRU(5, 4, { bidirectional: true, batchFirst: true });
  forward(x: Tensor): Tensor {
    return this.gru.forward(x).output;
  }
}

/** Self-attention over a batch-first sequence: the module's one-tensor face. */
class SelfAttention extends Module {
  readonly attn = new MultiheadAttention(8, 2, { batchFirst: true });
  forward(x: Tensor): Tensor {
    return this.attn.forward(x, x, x).output;
  }
}

/**
 * A two-layer GCN on a fixed 6-node graph (a ring, a chord and a self-loop): the graph is part of the
 * model, so the node count is fixed and the input (the node features) has no dynamic axis.
 */
class TwoLayerGCN extends Module {
  readonly graph = new Graph({ edgeIndex: [[0, 1, 2, 3, 4, 5, 0, 3, 2], [1, 2, 3, 4, 5, 0, 3, 0, 2]], numNodes: 6 });
  readonly conv1 = new GCNConv(4, 8);
  readonly conv2 = new GCNConv(8, 3);
  constructor() {
    super();
    nn.init.normal_(this.conv1.bias!);
  }
  forward(x: Tensor): Tensor {
    return this.conv2.forward(this.conv1.forward(x, this.graph).relu(), this.graph);
  }
}

/** A two-head GAT layer on the same graph (edge logits and the softmax over each node's in-edges). */
class GatLayer extends Module {
  readonly graph = new Graph({ edgeIndex: [[0, 1, 2, 3, 4, 5, 0, 3, 2], [1, 2, 3, 4, 5, 0, 3, 0, 2]], numNodes: 6 });
  readonly conv = new GATConv(4, 3, { heads: 2 });
  forward(x: Tensor): Tensor {
    return this.conv.forward(x, this.graph);
  }
}

describe('ONNX export checked by ONNX Runtime', () => {
  it('a two-head GAT layer on a fixed graph', async () => {
    manualSeed(19);
    const model = new GatLayer();
    const bytes = toOnnx(model, randn([6, 4]));
    const worst = await expectOrtMatches(bytes, model, randn([6, 4]), TOLERANCE);
    console.log(`GatLayer: worst relative error ${worst.toExponential(2)}`);
  });

  it('a two-layer GCN on a fixed graph (no dynamic axis: the node features are run anew, same shape)', async () => {
    manualSeed(20);
    const model = new TwoLayerGCN();
    const bytes = toOnnx(model, randn([6, 4]));
    const worst = await expectOrtMatches(bytes, model, randn([6, 4]), TOLERANCE);
    console.log(`TwoLayerGCN: worst relative error ${worst.toExponential(2)}`);
  });

  it('the MLP VAE decoder (Bernoulli logits reshaped to images)', async () => {
    manualSeed(21);
    await checkExport(new MLPDecoder(4, [16, 32], 64, { outShape: [1, 8, 8] }), [4]);
  });

  it('the convolutional VAE decoder (transposed convolutions)', async () => {
    manualSeed(22);
    await checkExport(new ConvDecoder(4, 1, 8, { channels: [4, 6] }), [4]);
  });

  it('LeNet-5, modern variant', async () => {
    manualSeed(10);
    await checkExport(lenet5({ variant: 'modern' }), [1, 28, 28]);
  });

  it('LeNet-5, classic variant (subsampling, connection table, RBF output)', async () => {
    manualSeed(11);
    await checkExport(lenet5({ variant: 'classic' }), [1, 28, 28]);
  });

  it('ResNet-20 in eval mode (batch norm with running statistics)', async () => {
    manualSeed(12);
    await checkExport(resnet20(), [3, 32, 32]);
  });

  it('multi-head self-attention', async () => {
    manualSeed(13);
    await checkExport(new SelfAttention(), [4, 8]);
  });

  it('GoogLeNet in eval mode (no auxiliary classifiers) on 64×64 inputs', async () => {
    manualSeed(14);
    await checkExport(googlenet({ numClasses: 10 }), [3, 64, 64], [2, 3]);
  });

  it('a two-layer LSTM (its zero initial state follows the batch)', async () => {
    manualSeed(16);
    await checkExport(new Sequence(), [4, 5]);
  });

  it('a bidirectional GRU', async () => {
    manualSeed(17);
    await checkExport(new GruSequence(), [4, 5]);
  });

  it('ResNet-18 in eval mode on 32×32 inputs', async () => {
    manualSeed(18);
    await checkExport(resnet18({ numClasses: 10 }), [3, 32, 32], [2, 3]);
  });

  // about 4 s: most of it builds and serializes AlexNet's 57 million parameters
  it('AlexNet (torchvision layout) on 63×63 inputs (adaptive pooling from 1×1 to 6×6)', async () => {
    manualSeed(19);
    await checkExport(alexnet({ numClasses: 10 }), [3, 63, 63], [2, 3]);
  }, 20_000);
});
