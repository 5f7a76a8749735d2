import { Module, Tensor, ShapeError, fmtShape, relu, type ModuleOptions } from '@dnn/tensor';
import { Conv2d } from './conv2d';
import { BatchNorm2d } from './batch-norm2d';

export interface ResidualBlockOptions extends ModuleOptions {
  inChannels: number;
  /** Channels of the block's inner convolutions; a bottleneck outputs 4× this. */
  channels: number;
  stride?: number;
  kind?: 'basic' | 'bottleneck';
  /** Bottleneck expansion (4 in ResNet-50/101). */
  expansion?: number;
}

/** The projection shortcut: 1×1 conv (with stride) + batch norm, used when shapes change. */
class Downsample extends Module {
  conv: Conv2d;
  bn: BatchNorm2d;
  constructor(inC: number, outC: number, stride: number, opts: ModuleOptions) {
    super();
    this.conv = new Conv2d({ ...opts, inChannels: inC, outChannels: outC, kernelSize: 1, stride, bias: false });
    this.bn = new BatchNorm2d(outC, opts);
  }
  override namedChildren(): [string, Module][] {
    // torchvision names these downsample.0 and downsample.1
    return [['0', this.conv], ['1', this.bn]];
  }
  forward(x: Tensor): Tensor {
    return this.bn.forward(this.conv.forward(x));
  }
}

/**
 * A residual unit (He et al.): y = relu(F(x) + shortcut(x)), where F is conv-bn-relu-conv-bn (basic) or
 * 1×1-3×3-1×1 (bottleneck), and the shortcut is identity or a projection when shape changes.
 * Field names follow torchvision (conv1, bn1, …, downsample) so its weights load by name.
 */
export class ResidualBlock extends Module {
  conv1: Conv2d;
  bn1: BatchNorm2d;
  conv2: Conv2d;
  bn2: BatchNorm2d;
  conv3: Conv2d | null = null;
  bn3: BatchNorm2d | null = null;
  downsample: Downsample | null = null;
  readonly outChannels: number;

  constructor(readonly opts: ResidualBlockOptions) {
    super();
    const { inChannels: inC, channels: C, stride = 1, kind = 'basic' } = opts;
    const m = { device: opts.device, dtype: opts.dtype };
    if (kind === 'basic') {
      this.outChannels = C;
      this.conv1 = new Conv2d({ ...m, inChannels: inC, outChannels: C, kernelSize: 3, stride, padding: 1, bias: false });
      this.bn1 = new BatchNorm2d(C, m);
      this.conv2 = new Conv2d({ ...m, inChannels: C, outChannels: C, kernelSize: 3, padding: 1, bias: false });
      this.bn2 = new BatchNorm2d(C, m);
    } else {
      this.outChannels = C * (opts.expansion ?? 4);
      this.conv1 = new Conv2d({ ...m, inChannels: inC, outChannels: C, kernelSize: 1, bias: false });
      this.bn1 = new BatchNorm2d(C, m);
      // torchvision (v1.5) puts the stride on the 3×3 convolution
      this.conv2 = new Conv2d({ ...m, inChannels: C, outChannels: C, kernelSize: 3, stride, padding: 1, bias: false });
      this.bn2 = new BatchNorm2d(C, m);
      this.conv3 = new Conv2d({ ...m, inChannels: C, outChannels: this.outChannels, kernelSize: 1, bias: false });
      this.bn3 = new BatchNorm2d(this.outChannels, m);
    }
    if (stride !== 1 || inC !== this.outChannels) this.downsample = new Downsample(inC, this.outChannels, stride, m);
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.opts.inChannels) {
      throw new ShapeError(`ResidualBlock(${this.opts.inChannels}→${this.outChannels}): expected input [N,${this.opts.inChannels},H,W], got ${fmtShape(x.shape)}`);
    }
    let y = relu(this.bn1.forward(this.conv1.forward(x)));
    y = this.bn2.forward(this.conv2.forward(y));
    if (this.conv3 && this.bn3) y = this.bn3.forward(this.conv3.forward(relu(y)));
    const shortcut = this.downsample ? this.downsample.forward(x) : x;
    return relu(y.add(shortcut));
  }

  override extraRepr(): string {
    return `${this.opts.kind ?? 'basic'}, ${this.opts.inChannels}→${this.outChannels}, stride=${this.opts.stride ?? 1}`;
  }
}
