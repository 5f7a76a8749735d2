import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, noGrad, tidy, concat, type Tensor } from '@dnn/tensor';
import { fashionMnist } from '@dnn/data';
import { frechetDistance, dequantize } from '@dnn/generative';
import { toLabeledSet, accuracy } from './fashion';
import { writeGrid } from './png-grid';
import { trainVae, trainFlow, trainGan, trainFeatureNet, flowBitsPerDim, flowSamples, interpolate } from './density-models';

/**
 * pnpm --filter @dnn/studies density [--epochs 1] [--flow-epochs 1] [--train 60000] [--test 2000] [--out DIR]
 * Distribution estimation and sample quality on Fashion-MNIST: the VAE's test ELBO and importance-weighted
 * log-likelihood on binarized images, the flow's bits per dimension on dequantized images, Fréchet
 * distances on LeNet-5 features, and sample grids, reconstructions and interpolations as PNG images.
 */
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1]! : fallback; };
const out = opt('out', 'density-study');
const epochs = Number(opt('epochs', '1')), flowEpochs = Number(opt('flow-epochs', '1'));
const log = (s: string) => console.log(s);
mkdirSync(out, { recursive: true });

const data = await fashionMnist();
const train = toLabeledSet(data.train, Number(opt('train', '60000')));
const test = toLabeledSet(data.test, Number(opt('test', '2000')));
const binarize = (x: Tensor) => x.ge(0.5).cast('float32');
const [trainBin, testBin] = [binarize(train.x), binarize(test.x)];
const pixels = (x: Tensor) => x.mul(255).round();
const results: Record<string, number> = {};
const started = Date.now();

log('VAE on binarized images');
const vae = trainVae(trainBin, epochs, log);
results.vaeTestElbo = noGrad(() => vae.elbo(testBin, { generator: new Generator(10) }).elbo.mean().item());
const iwSet = testBin.narrow(0, 0, Math.min(500, testBin.shape[0]!));
results.vaeTestIwae100 = noGrad(() => {
  let acc = 0;
  for (let i = 0; i < iwSet.shape[0]!; i += 50) acc += tidy(() => vae.importanceWeightedLogLikelihood(iwSet.narrow(0, i, 50), 100, { generator: new Generator(11 + i) }).sum().item());
  return acc / iwSet.shape[0]!;
});
log(`  test ELBO ${results.vaeTestElbo.toFixed(2)} nats, IWAE (k = 100, ${iwSet.shape[0]} images) ${results.vaeTestIwae100.toFixed(2)} nats`);

log('RealNVP on dequantized images');
const flow = trainFlow(dequantize(pixels(train.x), { generator: new Generator(12) }), flowEpochs, log);
results.flowTestBitsPerDim = flowBitsPerDim(flow, dequantize(pixels(test.x), { generator: new Generator(13) }));
log(`  test ${results.flowTestBitsPerDim.toFixed(3)} bits/dim`);

log('GAN');
const gan = trainGan(train.x, epochs, log);

log('LeNet-5 feature network');
const { net, features } = trainFeatureNet(train.x, train.y, 1, log);
results.lenetTestAccuracy = noGrad(() => accuracy(net.forward(test.x.reshape([-1, 1, 28, 28])), test.y));
const n = test.x.shape[0]!;
const g = new Generator(14);
const samples = {
  vae: vae.sample(n, { generator: g }).reshape([n, 784]),
  gan: gan.sample(n, { generator: g }).reshape([n, 784]),
  flow: flowSamples(flow, n, g),
  // reference: real training images against the test images
  real: train.x.narrow(0, 0, n),
};
const testFeatures = features(test.x);
for (const [name, s] of Object.entries(samples)) {
  results[`frechet_${name}`] = frechetDistance(features(s), testFeatures);
  log(`  Fréchet distance (LeNet-5 f6 features), ${name} vs test: ${results[`frechet_${name}`]!.toFixed(3)}`);
  if (name !== 'real') writeGrid(join(out, `${name}-samples.png`), s.narrow(0, 0, 64).dataSync(), 64, 8);
}
const originals = test.x.narrow(0, 0, 8);
writeGrid(join(out, 'vae-reconstructions.png'), noGrad(() => concat([binarize(originals), vae.reconstruct(binarize(originals)).reshape([8, 784])], 0)).dataSync(), 16, 8);
writeGrid(join(out, 'vae-interpolation.png'), interpolate(vae, testBin.narrow(0, 0, 1), testBin.narrow(0, 1, 1), 10).reshape([10, 784]).dataSync(), 10, 10);
results.minutes = (Date.now() - started) / 60000;
writeFileSync(join(out, 'results.json'), `${JSON.stringify({ epochs, flowEpochs, train: train.x.shape[0], test: n, results }, null, 1)}\n`);
log(JSON.stringify(results, null, 1));

