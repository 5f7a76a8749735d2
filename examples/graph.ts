/**
 * @dnn/graph: a two-layer graph convolutional network (Kipf & Welling) on Zachary's karate club,
 * trained on one labelled member per club.
 * Run: pnpm example graph   (or: pnpm exec tsx --conditions=development examples/graph.ts)
 */
import { Generator, crossEntropy, optim, tensor, tidy } from '@dnn/tensor';
import { GCNConv, karateClub } from '@dnn/graph';

const g = karateClub();                       // 34 nodes, 156 directed edges, one-hot features
const gen = new Generator(0);
const conv1 = new GCNConv(34, 16, { generator: gen });
const conv2 = new GCNConv(16, 2, { generator: gen });
const forward = () => conv2.forward(conv1.forward(g.x!, g).relu(), g); // [34, 2]

const labels = g.y!;
const seeds = tensor([0, 33], { dtype: 'int32' }); // the instructor and the administrator
const optimizer = new optim.Adam([...conv1.parameters(), ...conv2.parameters()], { lr: 0.01 });
for (let step = 0; step < 100; step++) {
  tidy(() => {
    optimizer.zeroGrad();
    crossEntropy(forward().indexSelect(0, seeds), labels.indexSelect(0, seeds)).backward();
    optimizer.step();
  });
}
const correct = forward().argmax(1).eq(labels).sum().item();
console.log(`members assigned to their club: ${correct} of 34`);
