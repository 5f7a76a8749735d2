import { Sequential, Linear, ReLU, Flatten, Dropout, ShapeError, type Module, type ModuleOptions } from '@dnn/tensor';
import { Conv2d, MaxPool2d } from '@dnn/conv';

export interface ConvNetOptions extends ModuleOptions {
  /** N blocks: each M convolutions (3×3, 'same') of `channels`, then b 2×2 max-pooling layers. */
  blocks: readonly { convs: number; channels: number; pool?: number; kernelSize?: number }[];
  /** Hidden sizes of the K fully connected layers before the output layer. */
  fc: readonly number[];
  inChannels: number;
  /** Spatial size of the input, to size the first fully connected layer. */
  inputSize: readonly [number, number];
  numClasses: number;
  dropout?: number;
}

/**
 * A general CNN: input → [[conv → ReLU]×M → pool×b]×N → [fc → ReLU]×K → fc.
 * Children are named block1.conv1, block1.pool1, …, fc1, …, output.
 */
export function convNet(o: ConvNetOptions): Sequential {
  const m = { device: o.device, dtype: o.dtype };
  const stages: Record<string, Module> = {};
  let c = o.inChannels;
  let [h, w] = o.inputSize;
  o.blocks.forEach((b, i) => {
    const layers: Record<string, Module> = {};
    for (let j = 0; j < b.convs; j++) {
      layers[`conv${j + 1}`] = new Conv2d(c, b.channels, b.kernelSize ?? 3, { ...m, padding: 'same' });
      layers[`relu${j + 1}`] = new ReLU();
      c = b.channels;
    }
    for (let j = 0; j < (b.pool ?? 1); j++) {
      layers[`pool${j + 1}`] = new MaxPool2d(2);
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
    if (h < 1 || w < 1) throw new ShapeError(`convNet: block ${i + 1} pools the ${o.inputSize.join('×')} input below 1×1`);
    stages[`block${i + 1}`] = new Sequential(layers);
  });
  stages.flatten = new Flatten();
  let features = c * h * w;
  o.fc.forEach((k, i) => {
    stages[`fc${i + 1}`] = new Sequential(new Linear(features, k, m), new ReLU(), ...(o.dropout ? [new Dropout({ p: o.dropout })] : []));
    features = k;
  });
  stages.output = new Linear(features, o.numClasses, m);
  return new Sequential(stages);
}
