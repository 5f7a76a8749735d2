/** docs/guides/getting-started.md: train LeNet-5 on the embedded Fashion-MNIST subset. */
import { optim } from '@dnn/tensor';
import { DataLoader, ImageDataset, Subset, fashionMnist } from '@dnn/data';
import { lenet5 } from '@dnn/models';
import { accuracy, fit } from '@dnn/train';

export async function run(steps = 60) {
  const fm = await fashionMnist({ subset: true });
  const train = new DataLoader(new ImageDataset(fm.train), { batchSize: 64, shuffle: true, seed: 0 });
  const test = new DataLoader(new Subset(new ImageDataset(fm.test), [...Array(500).keys()]), { batchSize: 250 });
  const model = lenet5({ variant: 'modern' });
  const optimizer = new optim.AdamW(model.parameters(), { lr: 2e-3 });
  const { logs } = await fit(model, { train, validation: test, optimizer, epochs: 1, maxSteps: steps, metrics: { accuracy } });
  console.log(logs.at(-1));
  return logs.at(-1)!;
}
