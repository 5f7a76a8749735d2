/**
 * @dnn/conv: convolution, pooling and batch normalization layers — LeNet-style feature maps.
 * Run: pnpm example conv   (or: pnpm exec tsx --conditions=development examples/conv.ts)
 */
import { Generator, noGrad, randn } from '@dnn/tensor';
import { BatchNorm2d, Conv2d, MaxPool2d } from '@dnn/conv';

const g = new Generator(0);
const conv = new Conv2d(1, 6, 5, { padding: 2, generator: g }); // in, out, kernel size; then the options
const bn = new BatchNorm2d(6);
const pool = new MaxPool2d(2);
const images = randn([8, 1, 28, 28], { generator: g });

const y = pool.forward(bn.forward(conv.forward(images).relu()));
console.log(`feature maps: [${y.shape}]`); // [8, 6, 14, 14]
y.mean().backward();
console.log(`conv.weight.grad: [${conv.weight.grad!.shape}], state dict keys: ${Object.keys(bn.stateDict()).join(', ')}`);

bn.eval(); // running statistics instead of the batch's
console.log(`eval output: [${noGrad(() => bn.forward(conv.forward(images))).shape}]`);
