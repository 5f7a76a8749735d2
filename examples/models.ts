/**
 * @dnn/models: ready-made networks (LeNet-5, AlexNet, GoogLeNet, ResNets) and a layer summary.
 * Run: pnpm example models   (or: pnpm exec tsx --conditions=development examples/models.ts)
 */
import { noGrad, randn } from '@dnn/tensor';
import { formatSummary, lenet5, resnet20 } from '@dnn/models';

const lenet = lenet5({ variant: 'modern' });
console.log(formatSummary(lenet, [1, 28, 28]));
const logits = noGrad(() => lenet.forward(randn([2, 1, 28, 28])));
console.log(`LeNet-5 logits: [${logits.shape}]`);

const resnet = resnet20({ numClasses: 10 }); // the CIFAR ResNet-20
const parameters = resnet.parameters().reduce((n, p) => n + p.size, 0);
console.log(`ResNet-20: ${parameters.toLocaleString('en-US')} parameters`);
