import { Module, Tensor, ShapeError, fmtShape, relu, type ModuleOptions } from '@dnn/tensor';
import { Conv2d } from './conv2d';
import { BatchNorm2d } from './batch-norm2d';

export interface ResidualBlockOptions extends ModuleOptions {
  /** Stride of the block (on its first 3×3 convolution). Default 1. */
  stride?: number;
  /** Default 'basic'. */
  kind?: 'basic' | 'bottleneck';
  /** Bottleneck expansion. Default 4 (ResNet-50/101). */
  expansion?: number;
}

/** The projection shortcut: 1×1 conv (with stride) + batch norm, used when shapes change. */
class Downsample extends Module {
  conv: Conv2d;
  bn: BatchNorm2d;
  constructor(inC: number, outC: number, readonly opts: ModuleOptions & { stride: number }) {
    super();
    this.conv = new Conv2d(inC, outC, 1, { ...opts, bias: false });
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
 * `channels` is the width of the inner convolutions; a bottleneck outputs expansion × channels.
 * `new ResidualBlock(64, 128, { stride: 2 })`
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

  constructor(readonly inChannels: number, readonly channels: number, readonly opts: ResidualBlockOptions = {}) {
    super();
    const [inC, C] = [inChannels, channels];
    const { stride = 1, kind = 'basic' } = opts;
    const m = { device: opts.device, dtype: opts.dtype, generator: opts.generator };
    if (kind === 'basic') {
      this.outChannels = C;
      this.conv1 = new Conv2d(inC, C, 3, { ...m, stride, padding: 1, bias: false });
      this.bn1 = new BatchNorm2d(C, m);
      this.conv2 = new Conv2d(C, C, 3, { ...m, padding: 1, bias: false });
      this.bn2 = new BatchNorm2d(C, m);
    } else {
      this.outChannels = C * (opts.expansion ?? 4);
      this.conv1 = new Conv2d(inC, C, 1, { ...m, bias: false });
      this.bn1 = new BatchNorm2d(C, m);
      // torchvision (v1.5) puts the stride on the 3×3 convolution
      this.conv2 = new Conv2d(C, C, 3, { ...m, stride, padding: 1, bias: false });
      this.bn2 = new BatchNorm2d(C, m);
      this.conv3 = new Conv2d(C, this.outChannels, 1, { ...m, bias: false });
      this.bn3 = new BatchNorm2d(this.outChannels, m);
    }
    if (stride !== 1 || inC !== this.outChannels) this.downsample = new Downsample(inC, this.outChannels, { ...m, stride });
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4 || x.shape[1] !== this.inChannels) {
      throw new ShapeError(`ResidualBlock(${this.inChannels}→${this.outChannels}): expected input [N,${this.inChannels},H,W], got ${fmtShape(x.shape)}`);
    }
    let y = relu(this.bn1.forward(this.conv1.forward(x)));
    y = this.bn2.forward(this.conv2.forward(y));
    if (this.conv3 && this.bn3) y = this.bn3.forward(this.conv3.forward(relu(y)));
    const shortcut = this.downsample ? this.downsample.forward(x) : x;
    return relu(y.add(shortcut));
  }

  override extraRepr(): string {
    return `${this.opts.kind ?? 'basic'}, ${this.inChannels}→${this.outChannels}, stride=${this.opts.stride ?? 1}`;
  }
}
