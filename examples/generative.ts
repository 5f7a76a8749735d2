/**
 * @dnn/generative: a variational autoencoder on Fashion-MNIST (the embedded subset), its evidence
 * lower bound rising over a few hundred images, then samples from the prior.
 * Run: pnpm example generative   (or: pnpm exec tsx --conditions=development examples/generative.ts)
 */
import { Generator, optim, tidy } from '@dnn/tensor';
import { DataLoader, ImageDataset, Subset, fashionMnist } from '@dnn/data';
import { MLPDecoder, MLPEncoder, VAE } from '@dnn/generative';

const g = new Generator(0);
const vae = new VAE(
  new MLPEncoder(784, [128], 8, { generator: g }),
  new MLPDecoder(8, [128], 784, { outShape: [1, 28, 28], generator: g }),
);
const fm = await fashionMnist({ subset: true });
const images = new Subset(new ImageDataset(fm.train), [...Array(512).keys()]);
const optimizer = new optim.Adam(vae.parameters(), { lr: 1e-3 });

const losses: number[] = [];
for (let epoch = 0; epoch < 3; epoch++) {
  for await (const { x, y } of new DataLoader(images, { batchSize: 64, shuffle: true, seed: epoch })) {
    losses.push(tidy(() => {
      optimizer.zeroGrad();
      const { loss } = vae.elbo(x, { generator: g }); // −ELBO in nats per image
      loss.backward();
      optimizer.step();
      return loss.item();
    }));
    x.dispose(); y.dispose();
  }
}
console.log(`negative ELBO: ${losses[0]!.toFixed(1)} → ${losses.at(-1)!.toFixed(1)} nats per image`);
const samples = vae.sample(4, { generator: g });
console.log(`samples: [${samples.shape}], pixel probabilities in [${samples.min().item().toFixed(2)}, ${samples.max().item().toFixed(2)}]`);
