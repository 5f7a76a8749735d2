/**
 * @dnn/data: the Fashion-MNIST subset shipped in the package, a stratified split, a DataLoader with
 * augmentations applied to whole batches.
 * Run: pnpm example data   (or: pnpm exec tsx --conditions=development examples/data.ts)
 */
import { DataLoader, FASHION_MNIST_CLASSES, ImageDataset, Subset, compose, fashionMnist, normalize, randomCrop, split } from '@dnn/data';

const fm = await fashionMnist({ subset: true }); // the 6,000 + 1,000 images inside @dnn/data
console.log(`source: ${fm.source}, ${fm.train.labels.length} training and ${fm.test.labels.length} test images`);

const [trainIdx, valIdx] = split(fm.train.labels, [0.9, 0.1], 0); // stratified and seeded
const loader = new DataLoader(new Subset(new ImageDataset(fm.train), trainIdx!), {
  batchSize: 32, shuffle: true, seed: 0, transform: compose(randomCrop(28, 2), normalize(0.2860, 0.3530)),
});
for await (const { x, y } of loader) {
  const first = y.dataSync()[0]!;
  console.log(`first batch: x [${x.shape}], y [${y.shape}], first label ${first} (${FASHION_MNIST_CLASSES[first]}); ${valIdx!.length} held out`);
  x.dispose(); y.dispose(); // the batch is yours to free
  break;
}
