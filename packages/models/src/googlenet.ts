import { Module, Linear, Dropout, Tensor, ShapeError, fmtShape, adaptiveAvgPool2d, relu, type ModuleOptions, type Generator } from '@dnn/tensor';
import { MaxPool2d, InceptionBlock, BasicConv2d } from '@dnn/conv';

export interface GoogLeNetOptions extends ModuleOptions {
  numClasses?: number;
  /** Build the two auxiliary classifiers (used in training only, as in the paper). */
  auxLogits?: boolean;
  dropout?: number;
  dropoutAux?: number;
  inChannels?: number;
  generator?: Generator;
}

export interface InceptionAuxOptions extends ModuleOptions {
  /** Dropout before the last layer. Default 0.7. */
  dropout?: number;
}

/** The auxiliary classifier attached to inception 4a and 4d (torchvision's InceptionAux). */
export class InceptionAux extends Module {
  conv: BasicConv2d;
  fc1: Linear;
  fc2: Linear;
  private readonly _dropout: Dropout;

  constructor(readonly inChannels: number, readonly numClasses: number, readonly opts: InceptionAuxOptions = {}) {
    super();
    this.conv = new BasicConv2d(inChannels, 128, 1, opts);
    this.fc1 = new Linear(2048, 1024, opts);
    this.fc2 = new Linear(1024, numClasses, opts);
    this._dropout = new Dropout({ p: opts.dropout ?? 0.7, generator: opts.generator });
  }

  forward(x: Tensor): Tensor {
    const y = this.conv.forward(adaptiveAvgPool2d(x, [4, 4])).flatten(1);
    this._dropout.training = this.training;
    return this.fc2.forward(this._dropout.forward(relu(this.fc1.forward(y))));
  }
}

/** The branch widths of one Inception block, in InceptionBlock's argument order. */
export interface InceptionSizes {
  inChannels: number; ch1x1: number; ch3x3red: number; ch3x3: number; ch5x5red: number; ch5x5: number; poolProj: number;
}
type Sizes = InceptionSizes;
const block = (inChannels: number, ch1x1: number, ch3x3red: number, ch3x3: number, ch5x5red: number, ch5x5: number, poolProj: number): Sizes =>
  ({ inChannels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj });

/** GoogLeNet v1 sizes (Szegedy et al. 2014, Table 1). */
export const GOOGLENET_SIZES = {
  inception3a: block(192, 64, 96, 128, 16, 32, 32),
  inception3b: block(256, 128, 128, 192, 32, 96, 64),
  inception4a: block(480, 192, 96, 208, 16, 48, 64),
  inception4b: block(512, 160, 112, 224, 24, 64, 64),
  inception4c: block(512, 128, 128, 256, 24, 64, 64),
  inception4d: block(512, 112, 144, 288, 32, 64, 64),
  inception4e: block(528, 256, 160, 320, 32, 128, 128),
  inception5a: block(832, 256, 160, 320, 32, 128, 128),
  inception5b: block(832, 384, 192, 384, 48, 128, 128),
} as const;

/**
 * GoogLeNet (Inception v1) with torchvision's names and batch-normalized BasicConv2d blocks, so
 * torchvision weights load by name. In training mode with auxLogits, `forwardWithAux` also returns the
 * two auxiliary outputs; `forward` returns the main logits.
 */
export class GoogLeNet extends Module {
  conv1: BasicConv2d;
  maxpool1 = new MaxPool2d(3, { stride: 2, ceilMode: true });
  conv2: BasicConv2d;
  conv3: BasicConv2d;
  maxpool2 = new MaxPool2d(3, { stride: 2, ceilMode: true });
  inception3a: InceptionBlock;
  inception3b: InceptionBlock;
  maxpool3 = new MaxPool2d(3, { stride: 2, ceilMode: true });
  inception4a: InceptionBlock;
  inception4b: InceptionBlock;
  inception4c: InceptionBlock;
  inception4d: InceptionBlock;
  inception4e: InceptionBlock;
  maxpool4 = new MaxPool2d(2, { stride: 2, ceilMode: true });
  inception5a: InceptionBlock;
  inception5b: InceptionBlock;
  aux1: InceptionAux | null = null;
  aux2: InceptionAux | null = null;
  private readonly _dropout: Dropout;
  fc: Linear;

  constructor(readonly opts: GoogLeNetOptions = {}) {
    super();
    const m = { device: opts.device, dtype: opts.dtype };
    const classes = opts.numClasses ?? 1000;
    const inception = (s: Sizes) =>
      new InceptionBlock(s.inChannels, s.ch1x1, s.ch3x3red, s.ch3x3, s.ch5x5red, s.ch5x5, s.poolProj, { ...m, branch3Kernel: 3 });
    this.conv1 = new BasicConv2d(opts.inChannels ?? 3, 64, 7, { ...m, stride: 2, padding: 3 });
    this.conv2 = new BasicConv2d(64, 64, 1, m);
    this.conv3 = new BasicConv2d(64, 192, 3, { ...m, padding: 1 });
    const s = GOOGLENET_SIZES;
    this.inception3a = inception(s.inception3a);
    this.inception3b = inception(s.inception3b);
    this.inception4a = inception(s.inception4a);
    this.inception4b = inception(s.inception4b);
    this.inception4c = inception(s.inception4c);
    this.inception4d = inception(s.inception4d);
    this.inception4e = inception(s.inception4e);
    this.inception5a = inception(s.inception5a);
    this.inception5b = inception(s.inception5b);
    if (opts.auxLogits) {
      this.aux1 = new InceptionAux(512, classes, { ...m, dropout: opts.dropoutAux ?? 0.7, generator: opts.generator });
      this.aux2 = new InceptionAux(528, classes, { ...m, dropout: opts.dropoutAux ?? 0.7, generator: opts.generator });
    }
    this._dropout = new Dropout({ p: opts.dropout ?? 0.2, generator: opts.generator });
    this.fc = new Linear(1024, classes, m);
  }

  forwardWithAux(x: Tensor): { logits: Tensor; aux1: Tensor | null; aux2: Tensor | null } {
    const inC = this.opts.inChannels ?? 3;
    if (x.rank !== 4 || x.shape[1] !== inC) throw new ShapeError(`GoogLeNet: expected input [N,${inC},H,W], got ${fmtShape(x.shape)}`);
    let y = this.maxpool1.forward(this.conv1.forward(x));
    y = this.maxpool2.forward(this.conv3.forward(this.conv2.forward(y)));
    y = this.maxpool3.forward(this.inception3b.forward(this.inception3a.forward(y)));
    y = this.inception4a.forward(y);
    const aux1 = this.aux1 && this.training ? this.aux1.forward(y) : null;
    y = this.inception4d.forward(this.inception4c.forward(this.inception4b.forward(y)));
    const aux2 = this.aux2 && this.training ? this.aux2.forward(y) : null;
    y = this.maxpool4.forward(this.inception4e.forward(y));
    y = this.inception5b.forward(this.inception5a.forward(y));
    y = adaptiveAvgPool2d(y, [1, 1]).flatten(1);
    this._dropout.training = this.training;
    return { logits: this.fc.forward(this._dropout.forward(y)), aux1, aux2 };
  }

  forward(x: Tensor): Tensor {
    return this.forwardWithAux(x).logits;
  }
}

export const googlenet = (opts: GoogLeNetOptions = {}): GoogLeNet => new GoogLeNet(opts);
