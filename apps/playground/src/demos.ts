import { FASHION_MNIST_CLASSES } from '@dnn/data';
import { lenet5 } from '@dnn/models';
import { optim, type Module, type Sequential, type Tensor } from '@dnn/tensor';
import type { ClassifierDemo, Demo } from './demo-types';
import { addingTask, ADDING_STEPS } from './tasks/adding';
import { karateTask } from './tasks/karate';
import { rbmTask, RBM_HIDDEN } from './tasks/rbm';
import { vaeTask } from './tasks/vae';

export type { Demo } from './demo-types';

/** The recipe `dnn train lenet5` uses for both variants. */
const adamW = (model: Module) => new optim.AdamW(model.parameters(), { lr: 2e-3, weightDecay: 0.05 });

const lenet = (variant: 'modern' | 'classic', id: string, title: string, description: string): ClassifierDemo => ({
  kind: 'classifier', id, title, description,
  classes: FASHION_MNIST_CLASSES,
  create: (device) => lenet5({ variant, device }),
  optimizer: adamW,
  firstLayer: (model) => (model as Sequential).get('c1') as Module & { weight: Tensor; forward(x: Tensor): Tensor },
});

/** What the model picker lists, in order. A new family is one entry here (its recipe in src/tasks/, its view in src/ui/). */
export const DEMOS: readonly Demo[] = [
  lenet('modern', 'lenet5', 'LeNet-5 (modern)', 'Two convolutions with max-pooling and three fully connected layers, ReLU, 61,706 parameters; AdamW, learning rate 0.002, weight decay 0.05, the recipe of the dnn train command.'),
  lenet('classic', 'lenet5-classic', 'LeNet-5 (classic, 1998)', 'Scaled tanh, trainable subsampling, the sparse C3 table and RBF outputs, 60,000 parameters; AdamW, learning rate 0.002, weight decay 0.05.'),
  {
    kind: 'sequence', id: 'lstm-adding', title: `LSTM on the adding problem (T = ${ADDING_STEPS})`,
    description: `Each of ${ADDING_STEPS} steps carries a value in [0, 1) and a marker; two steps are marked and the target is the sum of their values. An LSTM with 32 hidden units reads the sequence and a linear layer reads its last state; Adam, learning rate 0.02, gradients clipped to norm 1. Always answering 1 (the mean) scores a mean squared error of 1/6 ≈ 0.167: below that line the network uses the markers.`,
    lossName: 'training MSE', heldOut: { name: 'held-out MSE', figure: 'valLoss' },
    baseline: { value: 1 / 6, label: 'always 1' },
    setup: addingTask,
  },
  {
    kind: 'energy', id: 'rbm', title: `RBM 784→${RBM_HIDDEN} (CD-1)`,
    description: `A restricted Boltzmann machine with ${RBM_HIDDEN} binary hidden units on the binarized images, trained by one-step contrastive divergence (SGD, learning rate 0.1, momentum 0.5). The curves are the squared reconstruction error per image after one pass up and down; below, test images with their reconstructions, and the weights of 32 hidden units as images (the filters).`,
    lossName: 'reconstruction error', heldOut: { name: 'held-out reconstruction error', figure: 'valLoss' },
    setup: rbmTask,
  },
  {
    kind: 'graph', id: 'gcn-karate', title: "GCN on Zachary's karate club",
    description: "34 members of a karate club and the 78 pairs who met outside it; the club split in two. Only the instructor (0) and the administrator (33) are labelled: a two-layer graph convolutional network (one-hot features, 16 hidden units, dropout 0.5; Adam, learning rate 0.02, weight decay 5e-4) predicts which side each other member joined. The drawing colours every member by the predicted side; a red ring marks a wrong prediction.",
    lossName: 'cross entropy on the 2 labelled members', heldOut: { name: 'accuracy on the 32 others', figure: 'valAccuracy', percent: true },
    setup: karateTask,
  },
  {
    kind: 'generative', id: 'vae', title: 'VAE 784→8 (MLP)',
    description: 'A variational autoencoder on the binarized images: an MLP encoder 784→128→(μ, log σ²) of an 8-dimensional latent and an MLP decoder back to 784 Bernoulli probabilities; Adam, learning rate 0.002. The curves are the negative ELBO in nats per image (reconstruction plus KL); below, 32 images decoded from latents drawn from the prior N(0, I), the same latents after every round.',
    lossName: 'negative ELBO (nats)', heldOut: { name: 'held-out negative ELBO', figure: 'valLoss' },
    setup: vaeTask,
  },
];

export const demoById = (id: string | null): Demo => DEMOS.find((d) => d.id === id) ?? DEMOS[0]!;
