import { Module, Sequential, Linear, Tensor, ShapeError, fmtShape, relu, adaptiveAvgPool2d, type ModuleOptions } from '@dnn/tensor';
import { Conv2d, BatchNorm2d, MaxPool2d, ResidualBlock } from '@dnn/conv';

export interface ResNetOptions extends ModuleOptions {
  numClasses?: number;
  inChannels?: number;
}

export interface ResNetSpec {
  kind: 'basic' | 'bottleneck';
  /** Residual units per stage. */
  layers: readonly number[];
  /** Inner channels per stage. */
  widths: readonly number[];
  /** ImageNet stem (7×7/2 conv + 3×3/2 max-pool) or the CIFAR stem (one 3×3 conv). */
  stem: 'imagenet' | 'cifar';
}

/**
 * A residual network (He et al. 2016): a stem, stages of residual units (the first unit of a stage
 * strides by 2 and projects the shortcut), global average pooling and a linear classifier.
 * Field names follow torchvision (conv1, bn1, layer1…layer4, fc).
 */
export class ResNet extends Module {
  conv1: Conv2d;
  bn1: BatchNorm2d;
  maxpool: MaxPool2d | null;
  layer1: Sequential;
  layer2: Sequential;
  layer3: Sequential;
  layer4: Sequential | null;
  fc: Linear;

  constructor(readonly spec: ResNetSpec, readonly opts: ResNetOptions = {}) {
    super();
    const m = { device: opts.device, dtype: opts.dtype };
    const inC = opts.inChannels ?? 3;
    const imagenet = spec.stem === 'imagenet';
    const stemWidth = spec.widths[0]!;
    this.conv1 = imagenet
      ? new Conv2d(inC, stemWidth, 7, { ...m, stride: 2, padding: 3, bias: false })
      : new Conv2d(inC, stemWidth, 3, { ...m, padding: 1, bias: false });
    this.bn1 = new BatchNorm2d(stemWidth, m);
    this.maxpool = imagenet ? new MaxPool2d(3, { stride: 2, padding: 1 }) : null;
    let channels = stemWidth;
    const stages = spec.layers.map((n, s) => {
      const blocks: ResidualBlock[] = [];
      for (let b = 0; b < n; b++) {
        const unit = new ResidualBlock(channels, spec.widths[s]!, { ...m, stride: b === 0 && s > 0 ? 2 : 1, kind: spec.kind });
        channels = unit.outChannels;
        blocks.push(unit);
      }
      return new Sequential(...blocks);
    });
    if (stages.length < 3 || stages.length > 4) throw new ShapeError(`ResNet: expected 3 or 4 stages, got ${stages.length}`);
    [this.layer1, this.layer2, this.layer3] = stages as [Sequential, Sequential, Sequential];
    this.layer4 = stages[3] ?? null;
    this.fc = new Linear(channels, opts.numClasses ?? 1000, m);
  }

  forward(x: Tensor): Tensor {
    const inC = this.opts.inChannels ?? 3;
    if (x.rank !== 4 || x.shape[1] !== inC) throw new ShapeError(`ResNet: expected input [N,${inC},H,W], got ${fmtShape(x.shape)}`);
    let y = relu(this.bn1.forward(this.conv1.forward(x)));
    if (this.maxpool) y = this.maxpool.forward(y);
    for (const stage of [this.layer1, this.layer2, this.layer3, this.layer4]) if (stage) y = stage.forward(y);
    return this.fc.forward(adaptiveAvgPool2d(y, [1, 1]).flatten(1));
  }
}

const imagenet = (kind: 'basic' | 'bottleneck', layers: number[]): ResNetSpec => ({ kind, layers, widths: [64, 128, 256, 512], stem: 'imagenet' });

export const resnet18 = (o: ResNetOptions = {}): ResNet => new ResNet(imagenet('basic', [2, 2, 2, 2]), o);
export const resnet34 = (o: ResNetOptions = {}): ResNet => new ResNet(imagenet('basic', [3, 4, 6, 3]), o);
export const resnet50 = (o: ResNetOptions = {}): ResNet => new ResNet(imagenet('bottleneck', [3, 4, 6, 3]), o);
export const resnet101 = (o: ResNetOptions = {}): ResNet => new ResNet(imagenet('bottleneck', [3, 4, 23, 3]), o);

/**
 * CIFAR-style ResNets for 28×28/32×32 inputs (He et al. 2016): a 3×3 stem and three stages of
 * 16/32/64 channels with n basic units each — 6n + 2 layers. Shortcuts that change shape use 1×1
 * projections (the paper's option B), so every unit is a `ResidualBlock`.
 */
export function cifarResNet(depth: number, o: ResNetOptions = {}): ResNet {
  if ((depth - 2) % 6 !== 0 || depth < 8) throw new ShapeError(`cifarResNet: depth must be 6n + 2 (20, 32, 44, 56, 110), got ${depth}`);
  const n = (depth - 2) / 6;
  return new ResNet({ kind: 'basic', layers: [n, n, n], widths: [16, 32, 64], stem: 'cifar' }, { numClasses: 10, ...o });
}
export const resnet20 = (o: ResNetOptions = {}): ResNet => cifarResNet(20, o);
export const resnet56 = (o: ResNetOptions = {}): ResNet => cifarResNet(56, o);
