import {
  Linear, Module, ReLU, Sequential, elu, nn, type DType, type Device, type Generator, type Tensor,
} from '@dnn/tensor';
import type { Graph } from '../graph';
import { GATConv } from '../gat-conv';
import { GCNConv } from '../gcn-conv';
import { GINConv } from '../gin-conv';
import { SAGEConv } from '../sage-conv';
import { globalAddPool, globalMeanPool } from '../pool';

export type NodeModelKind = 'gcn' | 'gat' | 'sage' | 'mlp';

export interface NodeModelOptions {
  hidden?: number;
  /** Dropout on the input and hidden features (training only). Default 0.5. */
  dropout?: number;
  /** GAT heads of the first layer. Default 4. */
  heads?: number;
  dtype?: DType;
  device?: Device;
  generator?: Generator;
}

type GraphConv = Module & { forward(x: Tensor, g: Graph): Tensor };

/**
 * Two-layer node classifier: dropout → conv → ReLU (ELU for GAT) → dropout → conv, the models of
 * the GCN and GAT papers; `mlp` uses Linear layers and ignores the edges (the feature-only baseline).
 */
export class NodeClassifier extends Module {
  conv1: GraphConv | Linear;
  conv2: GraphConv | Linear;

  constructor(readonly kind: NodeModelKind, inFeatures: number, classes: number, readonly opts: NodeModelOptions = {}) {
    super();
    const hidden = opts.hidden ?? 16;
    const o = { dtype: opts.dtype, device: opts.device, generator: opts.generator };
    switch (kind) {
      case 'gcn': this.conv1 = new GCNConv(inFeatures, hidden, o); this.conv2 = new GCNConv(hidden, classes, o); break;
      case 'sage': this.conv1 = new SAGEConv(inFeatures, hidden, o); this.conv2 = new SAGEConv(hidden, classes, o); break;
      case 'mlp': this.conv1 = new Linear(inFeatures, hidden, o); this.conv2 = new Linear(hidden, classes, o); break;
      case 'gat': {
        const heads = opts.heads ?? 4, per = Math.max(1, Math.round(hidden / heads));
        this.conv1 = new GATConv(inFeatures, per, { ...o, heads, dropout: opts.dropout ?? 0.5 });
        this.conv2 = new GATConv(per * heads, classes, { ...o, heads: 1 });
        break;
      }
    }
  }

  private layer(m: GraphConv | Linear, x: Tensor, g: Graph): Tensor {
    return m instanceof Linear ? m.forward(x) : m.forward(x, g);
  }

  /** Hidden features after the first layer ([N, hidden]), e.g. to plot an embedding. */
  embed(x: Tensor, g: Graph): Tensor {
    const p = this.opts.dropout ?? 0.5;
    const h = this.layer(this.conv1, nn.dropout(x, p, this.training, this.opts.generator), g);
    return this.kind === 'gat' ? elu(h) : h.relu();
  }

  forward(x: Tensor, g: Graph): Tensor {
    const h = nn.dropout(this.embed(x, g), this.opts.dropout ?? 0.5, this.training, this.opts.generator);
    return this.layer(this.conv2, h, g);
  }
}

/** GIN for graph classification: GINConv layers with 2-layer MLPs, sum pooling, a linear read-out. */
export class GINClassifier extends Module {
  convs: GINConv[];
  head: Linear;

  constructor(inFeatures: number, classes: number, opts: { hidden?: number; layers?: number; dtype?: DType; device?: Device; generator?: Generator } = {}) {
    super();
    const hidden = opts.hidden ?? 16;
    const o = { dtype: opts.dtype, device: opts.device, generator: opts.generator };
    this.convs = Array.from({ length: opts.layers ?? 2 }, (_, i) =>
      new GINConv(new Sequential(new Linear(i === 0 ? inFeatures : hidden, hidden, o), new ReLU(), new Linear(hidden, hidden, o)), { ...o, trainEps: true }));
    this.head = new Linear(hidden, classes, o);
  }

  forward(x: Tensor, g: Graph): Tensor {
    let h = x;
    for (const conv of this.convs) h = conv.forward(h, g).relu();
    return this.head.forward(globalAddPool(h, g, g.numGraphs));
  }
}

/** The feature-only baseline for graph classification: an MLP on mean-pooled node features. */
export class MeanPoolMLP extends Module {
  mlp: Sequential;

  constructor(inFeatures: number, classes: number, opts: { hidden?: number; dtype?: DType; device?: Device; generator?: Generator } = {}) {
    super();
    const hidden = opts.hidden ?? 16;
    const o = { dtype: opts.dtype, device: opts.device, generator: opts.generator };
    this.mlp = new Sequential(new Linear(inFeatures, hidden, o), new ReLU(), new Linear(hidden, classes, o));
  }

  forward(x: Tensor, g: Graph): Tensor {
    return this.mlp.forward(globalMeanPool(x, g, g.numGraphs));
  }
}
