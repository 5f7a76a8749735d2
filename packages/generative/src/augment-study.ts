import { Generator, optim, tidy, noGrad, crossEntropy, randperm, type Tensor } from '@dnn/tensor';
import { VAE } from './vae';
import { GAN, ganStep } from './gan';
import { MLP } from './mlp';
import { MLPEncoder, MLPDecoder } from './mlp-vae-nets';
import { MLPGenerator, MLPDiscriminator } from './mlp-gan-nets';
import { augmentationTrial, concatLabeled, fewShotSubset, generateLabeled, type LabeledSet } from './augment';

/** A class-conditional sampler: int32 labels [N] → samples [N, D]. */
export type ConditionalSampler = (labels: Tensor) => Tensor;

/** Fits a class-conditional generator on a (few-shot) labelled set for `steps` updates. */
export type GeneratorFit = (train: LabeledSet, o: { steps: number; seed: number; numClasses: number }) => ConditionalSampler;

export interface AugmentationStudyOptions {
  /** The pool the k-per-class subsets are drawn from: x [N, D] in [0, 1], int32 y [N]. */
  train: LabeledSet;
  test: LabeledSet;
  ks: readonly number[];
  seeds: readonly number[];
  /** The generators compared, by name (see `CONDITIONAL_GENERATORS`). */
  generators: Readonly<Record<string, GeneratorFit>>;
  /** Generated examples per class added to the k real ones. */
  syntheticPerClass: number;
  generatorSteps: number;
  classifierSteps: number;
  /** Default 10. */
  numClasses?: number;
  log?: (line: string) => void;
}

/** One (k, generator) cell: the test accuracies over seeds without and with generated data. */
export interface AugmentationStudyRow {
  k: number;
  generator: string;
  baseline: number[];
  augmented: number[];
}

function adamLoop(params: ReturnType<MLP['parameters']>, steps: number, lr: number, loss: () => Tensor): void {
  const opt = new optim.Adam(params, { lr });
  for (let i = 0; i < steps; i++) tidy(() => { opt.zeroGrad(); loss().backward(); opt.step(); });
}

/**
 * The downstream classifier of the study: an MLP D → 256 → classes trained by Adam (lr 1e-3) on
 * minibatches of 64; returns its test accuracy.
 */
export function mlpClassifierAccuracy(train: LabeledSet, test: LabeledSet, o: { steps: number; seed: number; numClasses: number }): number {
  const net = new MLP(train.x.shape[1]!, [256], o.numClasses, { generator: new Generator(o.seed) });
  const g = new Generator(o.seed + 1);
  const n = train.y.shape[0]!;
  adamLoop(net.parameters(), o.steps, 1e-3, () => {
    const idx = randperm(n, { generator: g }).narrow(0, 0, Math.min(64, n));
    return crossEntropy(net.forward(train.x.indexSelect(0, idx)), train.y.indexSelect(0, idx));
  });
  return noGrad(() => tidy(() => net.forward(test.x).argmax(1).eq(test.y).cast('float32').mean().item()));
}

/** Conditional VAE D → 256 → 16 → 256 → D (Bernoulli ELBO), Adam lr 1e-3, full batch. */
const fitCVAE: GeneratorFit = (train, { steps, seed, numClasses }) => {
  const g = new Generator(seed), d = train.x.shape[1]!;
  const o = { numClasses, generator: g };
  const vae = new VAE(new MLPEncoder(d, [256], 16, o), new MLPDecoder(16, [256], d, o));
  adamLoop(vae.parameters(), steps, 1e-3, () => vae.elbo(train.x, { labels: train.y, generator: g }).loss);
  return (labels) => vae.sample(labels.shape[0]!, { labels, generator: g });
};

/** Conditional GAN (latent 32, hidden 256, sigmoid output), Adam lr 2e-4, β = (0.5, 0.999), label smoothing 0.1, full batch. */
const fitCGAN: GeneratorFit = (train, { steps, seed, numClasses }) => {
  const g = new Generator(seed), d = train.x.shape[1]!;
  const o = { numClasses, generator: g };
  const gan = new GAN(new MLPGenerator(32, [256], d, { ...o, outputActivation: 'sigmoid' }), new MLPDiscriminator(d, [256], o));
  const betas = [0.5, 0.999] as [number, number];
  const step = ganStep(gan, new optim.Adam(gan.generator.parameters(), { lr: 2e-4, betas }),
    new optim.Adam(gan.discriminator.parameters(), { lr: 2e-4, betas }), { labelSmoothing: 0.1, generator: g });
  for (let i = 0; i < steps; i++) step({ x: train.x, labels: train.y });
  return (labels) => gan.sample(labels.shape[0]!, { labels, generator: g });
};

/** The class-conditional generators of this package, as the study fits them. */
export const CONDITIONAL_GENERATORS: Readonly<Record<'cvae' | 'cgan', GeneratorFit>> = { cvae: fitCVAE, cgan: fitCGAN };

/**
 * The few-shot augmentation study: for each k and seed, k real examples per class; a classifier
 * (`mlpClassifierAccuracy`) trained on them alone and on them plus `syntheticPerClass` generated
 * examples per class from each generator, fitted on the same k per class only.
 */
export function runAugmentationStudy(o: AugmentationStudyOptions): AugmentationStudyRow[] {
  const numClasses = o.numClasses ?? 10;
  const rows: AugmentationStudyRow[] = [];
  const names = Object.keys(o.generators);
  for (const k of o.ks) {
    for (const name of names) rows.push({ k, generator: name, baseline: [], augmented: [] });
    for (const seed of o.seeds) {
      const train = fewShotSubset(o.train, k, numClasses, { generator: new Generator(1000 * k + seed) });
      let baseline: number | null = null;
      for (const name of names) {
        const t0 = Date.now();
        const r = augmentationTrial({
          train,
          synthesize: (d) => generateLabeled(o.generators[name]!(d, { steps: o.generatorSteps, seed, numClasses }), numClasses, o.syntheticPerClass),
          combine: concatLabeled,
          // the baseline is the same classifier on the same data for every generator: train it once per seed
          fitAndScore: (d) => (d === train && baseline !== null ? baseline : mlpClassifierAccuracy(d, o.test, { steps: o.classifierSteps, seed, numClasses })),
        });
        baseline = r.baseline;
        const row = rows.find((x) => x.k === k && x.generator === name)!;
        row.baseline.push(r.baseline);
        row.augmented.push(r.augmented);
        o.log?.(`k=${k} seed=${seed} ${name}: baseline ${r.baseline.toFixed(4)}, augmented ${r.augmented.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }
    }
  }
  return rows;
}
