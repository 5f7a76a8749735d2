/**
 * @dnn/tensor: tensors, autograd and an optimizer — fit a line y = 3x − 1 by gradient descent.
 * Run: pnpm example tensor   (or: pnpm exec tsx --conditions=development examples/tensor.ts)
 */
import { Generator, Linear, grad, mseLoss, optim, randn, tensor, tidy } from '@dnn/tensor';

// autograd: the gradient of sum(x²) is 2x
const [dx] = grad((x) => x.square().sum())(tensor([1, 2, 3]));
console.log(`gradient of sum(x²) at [1, 2, 3]: [${[...dx!.dataSync()].join(', ')}]`);

// a one-input linear layer learns y = 3x − 1 from noisy samples
const g = new Generator(0);
const x = randn([64, 1], { generator: g });
const y = x.mul(3).sub(1).add(randn([64, 1], { generator: g }).mul(0.01));
const line = new Linear(1, 1, { generator: g });
const optimizer = new optim.SGD(line.parameters(), { lr: 0.1 });
for (let step = 0; step < 200; step++) {
  tidy(() => {
    optimizer.zeroGrad();
    mseLoss(line.forward(x), y).backward();
    optimizer.step();
  });
}
console.log(`learned y = ${line.weight.item().toFixed(2)}x + ${line.bias!.item().toFixed(2)}`);
