import { Sequential, Linear, ReLU, Dropout, Flatten, type ModuleOptions, type Generator } from '@dnn/tensor';
import { Conv2d, MaxPool2d, AdaptiveAvgPool2d, LocalResponseNorm } from '@dnn/conv';

export interface AlexNetOptions extends ModuleOptions {
  numClasses?: number;
  dropout?: number;
  inChannels?: number;
  /**
   * 'torchvision' (default): torchvision's single-tower layout (61,100,840 parameters for 1000 classes).
   * 'original': the 2012 paper — 96/256/384/384/256 kernels, local response normalization after conv1
   * and conv2, and the two-GPU split as grouped convolutions (groups = 2 in conv2, conv4, conv5).
   */
  variant?: 'torchvision' | 'original';
  generator?: Generator;
}

/** AlexNet (Krizhevsky, Sutskever & Hinton 2012): 5 conv, 3 max-pool (overlapping 3/2), 3 fully connected, ReLU, dropout. */
export function alexnet(opts: AlexNetOptions = {}): Sequential {
  const m = { device: opts.device, dtype: opts.dtype };
  const inC = opts.inChannels ?? 3;
  const p = opts.dropout ?? 0.5;
  const conv = (i: number, o: number, k: number, stride = 1, padding = 0, groups = 1) =>
    new Conv2d(i, o, k, { ...m, stride, padding, groups });
  const pool = () => new MaxPool2d(3, { stride: 2 });
  const lrn = () => new LocalResponseNorm(5, { alpha: 1e-4, beta: 0.75, k: 2 });
  const features = opts.variant === 'original'
    ? new Sequential(
      conv(inC, 96, 11, 4, 2), new ReLU(), lrn(), pool(),
      conv(96, 256, 5, 1, 2, 2), new ReLU(), lrn(), pool(),
      conv(256, 384, 3, 1, 1), new ReLU(),
      conv(384, 384, 3, 1, 1, 2), new ReLU(),
      conv(384, 256, 3, 1, 1, 2), new ReLU(), pool(),
    )
    : new Sequential(
      conv(inC, 64, 11, 4, 2), new ReLU(), pool(),
      conv(64, 192, 5, 1, 2), new ReLU(), pool(),
      conv(192, 384, 3, 1, 1), new ReLU(),
      conv(384, 256, 3, 1, 1), new ReLU(),
      conv(256, 256, 3, 1, 1), new ReLU(), pool(),
    );
  const dropout = () => new Dropout({ p, generator: opts.generator });
  return new Sequential({
    features,
    avgpool: new AdaptiveAvgPool2d([6, 6]),
    flatten: new Flatten(),
    classifier: new Sequential(
      dropout(), new Linear(256 * 6 * 6, 4096, m), new ReLU(),
      dropout(), new Linear(4096, 4096, m), new ReLU(),
      new Linear(4096, opts.numClasses ?? 1000, m),
    ),
  });
}
