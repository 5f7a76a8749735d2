import { FASHION_MNIST_CLASSES } from '@dnn/data';
import { lenet5 } from '@dnn/models';
import { optim, type Device, type Module, type Sequential, type Tensor } from '@dnn/tensor';
import type { StepOptimizer } from '@dnn/train';

/** A model the page can train and query: what the model picker lists. New families add an entry here. */
export interface Demo {
  id: string;
  title: string;
  description: string;
  /** Class names of the outputs, in order. */
  classes: readonly string[];
  /** A fresh model on `device`. */
  create(device: Device): Module & { forward(x: Tensor): Tensor };
  optimizer(model: Module): StepOptimizer;
  /** The first convolution, whose filters and feature maps the page draws (none for non-convolutional models). */
  firstLayer?(model: Module): Module & { weight: Tensor; forward(x: Tensor): Tensor };
}

/** The recipe `dnn train lenet5` uses for both variants. */
const adamW = (model: Module) => new optim.AdamW(model.parameters(), { lr: 2e-3, weightDecay: 0.05 });

const firstChild = (name: string) => (model: Module) => (model as Sequential).get(name) as Module & { weight: Tensor; forward(x: Tensor): Tensor };

export const DEMOS: readonly Demo[] = [
  {
    id: 'lenet5',
    title: 'LeNet-5 (modern)',
    description: 'Two convolutions with max-pooling and three fully connected layers, ReLU, 61,706 parameters; AdamW, learning rate 0.002, weight decay 0.05, the recipe of the dnn train command.',
    classes: FASHION_MNIST_CLASSES,
    create: (device) => lenet5({ variant: 'modern', device }),
    optimizer: adamW,
    firstLayer: firstChild('c1'),
  },
  {
    id: 'lenet5-classic',
    title: 'LeNet-5 (classic, 1998)',
    description: 'Scaled tanh, trainable subsampling, the sparse C3 table and RBF outputs, 60,000 parameters; AdamW, learning rate 0.002, weight decay 0.05.',
    classes: FASHION_MNIST_CLASSES,
    create: (device) => lenet5({ variant: 'classic', device }),
    optimizer: adamW,
    firstLayer: firstChild('c1'),
  },
];

export const demoById = (id: string | null): Demo => DEMOS.find((d) => d.id === id) ?? DEMOS[0]!;
