import { Generator, Module, crossEntropy, gradients, randint, tidy, type Device, type Tensor } from '@dnn/tensor';
import { GATConv, GCNConv, contextualSbm, type Graph } from '@dnn/graph';
import type { Builder } from '../types';

type Conv = Module & { forward(x: Tensor, g: Graph): Tensor };

/** Two graph convolutions with a ReLU between (GAT: `heads` heads concatenated, then one head). */
class TwoLayer extends Module {
  conv1: Conv;
  conv2: Conv;
  constructor(model: 'gcn' | 'gat', f: number, hidden: number, classes: number, heads: number, device: Device) {
    super();
    const o = { device, generator: new Generator(1) };
    this.conv1 = model === 'gcn' ? new GCNConv(f, hidden, o) : new GATConv(f, hidden / heads, { ...o, heads });
    this.conv2 = model === 'gcn' ? new GCNConv(hidden, classes, o) : new GATConv(hidden, classes, o);
  }
  forward(x: Tensor, g: Graph): Tensor {
    return this.conv2.forward(this.conv1.forward(x, g).relu(), g);
  }
}

/** One forward + backward of the cross-entropy over all nodes; the graph's structure is built before timing. */
export const gnnBuilder = (device: Device): Builder<'gnn'> => (spec) => {
  const graph = contextualSbm({
    numNodes: spec.nodes, avgDegree: spec.edges / spec.nodes, featureDim: spec.features, homophily: 0.8, signal: 1,
    generator: new Generator(7), device,
  });
  const y = randint(0, spec.classes, [spec.nodes], { device, generator: new Generator(8) });
  const net = new TwoLayer(spec.model, spec.features, spec.hidden, spec.classes, spec.heads, device);
  const params = net.parameters();
  const step = async () => {
    const grads = tidy(() => gradients(crossEntropy(net.forward(graph.x!, graph), y), params) as Tensor[]);
    if (!device.backend.syncRead) await grads[0]!.data();
    grads.forEach((t) => t.dispose());
  };
  return { run: step, dispose: () => { graph.dispose(); y.dispose(); } };
};
