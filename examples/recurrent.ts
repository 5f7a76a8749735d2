/**
 * @dnn/recurrent: an LSTM (PyTorch's weight names and shapes) learns to sum a sequence.
 * Run: pnpm example recurrent   (or: pnpm exec tsx --conditions=development examples/recurrent.ts)
 */
import { Generator, Linear, mseLoss, optim, rand, tidy } from '@dnn/tensor';
import { LSTM } from '@dnn/recurrent';

const g = new Generator(0);
const lstm = new LSTM(1, 16, { batchFirst: true, generator: g });
const head = new Linear(16, 1, { generator: g });
console.log(`LSTM parameters: ${Object.keys(lstm.stateDict()).join(', ')}`);

const optimizer = new optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 0.02 });
const x = rand([64, 8, 1], { generator: g });  // [N, T, features]
const target = x.sum(1);                         // [N, 1]: the sum of each sequence
const lossAt = () => {
  const { output } = lstm.forward(x);            // output [N, T, 16]
  const last = output.select(1, 7);              // the last time step
  return mseLoss(head.forward(last), target);
};
let first = 0, loss = 0;
for (let step = 0; step < 150; step++) {
  loss = tidy(() => {
    optimizer.zeroGrad();
    const l = lossAt();
    l.backward();                                 // back-propagation through time
    optimizer.step();
    return l.item();
  });
  if (step === 0) first = loss;
}
console.log(`mean squared error: ${first.toFixed(3)} → ${loss.toFixed(3)}`);
