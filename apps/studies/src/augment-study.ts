import { Generator, optim, tidy, noGrad, crossEntropy, randperm, tensor, concat, type Tensor } from '@dnn/tensor';
import {
  VAE, GAN, MLP, MLPEncoder, MLPDecoder, MLPGenerator, MLPDiscriminator, ganStep, fewShotSubset, generateLabeled,
  concatLabeled, augmentationTrial, summarize, pairedTTest, type LabeledSet,
} from '@dnn/generative';
import { RBM, fitRBM, generatorDraws } from '@dnn/boltzmann';
import { accuracy } from './fashion';

export type GeneratorKind = 'cvae' | 'cgan' | 'rbm';

export interface StudyOptions {
  train: LabeledSet;
  test: LabeledSet;
  ks: readonly number[];
  seeds: readonly number[];
  generators: readonly GeneratorKind[];
  /** Generated images per class added to the k real ones. */
  syntheticPerClass: number;
  generatorSteps: number;
  classifierSteps: number;
  log?: (line: string) => void;
}

export interface StudyRow {
  k: number;
  generator: GeneratorKind;
  baseline: number[];
  augmented: number[];
}

const CLASSES = 10, D = 784;

function adamLoop(params: ReturnType<MLP['parameters']>, steps: number, lr: number, loss: () => Tensor): void {
  const opt = new optim.Adam(params, { lr });
  for (let i = 0; i < steps; i++) tidy(() => { opt.zeroGrad(); loss().backward(); opt.step(); });
}

/** The downstream classifier: an MLP 784 → 256 → 10, Adam, full batch; returns test accuracy. */
function classifierAccuracy(train: LabeledSet, test: LabeledSet, steps: number, seed: number): number {
  const net = new MLP(D, [256], CLASSES, { generator: new Generator(seed) });
  const g = new Generator(seed + 1);
  adamLoop(net.parameters(), steps, 1e-3, () => {
    // minibatches of 64 drawn from the (real + generated) set
    const idx = randperm(train.y.shape[0]!, { generator: g }).narrow(0, 0, Math.min(64, train.y.shape[0]!));
    return crossEntropy(net.forward(train.x.indexSelect(0, idx)), train.y.indexSelect(0, idx));
  });
  return noGrad(() => accuracy(net.forward(test.x), test.y));
}

/**
 * Class-conditional RBMs: one RBM 784 → 64 per class, trained by CD-1 on that class's k images for
 * `steps` full-batch updates; a class's samples are the visible means after 200 Gibbs steps from its
 * training images (picked in turn).
 */
function fitRbms(train: LabeledSet, steps: number, seed: number): (labels: Tensor) => Tensor {
  const g = new Generator(seed);
  const labels = train.y.dataSync();
  const perClass = Array.from({ length: CLASSES }, (_, c) => {
    const idx = tensor(Int32Array.from([...labels.keys()].filter((i) => labels[i] === c)), { dtype: 'int32' });
    const x = train.x.indexSelect(0, idx);
    const rbm = new RBM(D, 64, { generator: g });
    fitRBM(rbm, x, { epochs: steps, batchSize: x.shape[0]!, lr: 0.05, momentum: 0.5, generator: g });
    return { rbm, x };
  });
  return (wanted) => noGrad(() => {
    const want = Array.from(wanted.dataSync());
    const parts: Tensor[] = [];
    const positions: number[] = [];
    for (let c = 0; c < CLASSES; c++) {
      const at = want.flatMap((w, i) => (w === c ? [i] : []));
      if (!at.length) continue;
      const { rbm, x } = perClass[c]!;
      // one chain per sample, started from the class's training images in turn
      const start = x.indexSelect(0, tensor(Int32Array.from(at, (_, j) => j % x.shape[0]!), { dtype: 'int32' }));
      parts.push(rbm.visibleMean(rbm.sampleHidden(rbm.gibbs(start, 200, generatorDraws(g)), generatorDraws(g))));
      positions.push(...at);
    }
    // rows are grouped by class: put them back in the order the labels asked for
    const inverse = new Int32Array(positions.length);
    positions.forEach((p, row) => { inverse[p] = row; });
    return concat(parts, 0).indexSelect(0, tensor(inverse, { dtype: 'int32' }));
  });
}

/** A class-conditional sampler fitted on the k-per-class set only. */
function fitGenerator(kind: GeneratorKind, train: LabeledSet, steps: number, seed: number): (labels: Tensor) => Tensor {
  if (kind === 'rbm') return fitRbms(train, steps, seed);
  const g = new Generator(seed);
  const o = { numClasses: CLASSES, generator: g };
  if (kind === 'cvae') {
    const vae = new VAE(new MLPEncoder(D, [256], 16, o), new MLPDecoder(16, [256], D, o));
    adamLoop(vae.parameters(), steps, 1e-3, () => vae.elbo(train.x, { labels: train.y, generator: g }).loss);
    return (labels) => vae.sample(labels.shape[0]!, { labels, generator: g });
  }
  const gan = new GAN(new MLPGenerator(32, [256], D, { ...o, outputActivation: 'sigmoid' }), new MLPDiscriminator(D, [256], o));
  const betas = [0.5, 0.999] as [number, number];
  const step = ganStep(gan, new optim.Adam(gan.generator.parameters(), { lr: 2e-4, betas }),
    new optim.Adam(gan.discriminator.parameters(), { lr: 2e-4, betas }), { labelSmoothing: 0.1, generator: g });
  for (let i = 0; i < steps; i++) step({ x: train.x, labels: train.y });
  return (labels) => gan.sample(labels.shape[0]!, { labels, generator: g });
}

/**
 * The few-shot augmentation study: for each k and seed, k real images per class; a classifier trained
 * on them alone and on them plus `syntheticPerClass` generated images per class from each
 * class-conditional generator fitted on the same k per class.
 */
export function runAugmentationStudy(o: StudyOptions): StudyRow[] {
  const rows: StudyRow[] = [];
  for (const k of o.ks) {
    for (const kind of o.generators) rows.push({ k, generator: kind, baseline: [], augmented: [] });
    for (const seed of o.seeds) {
      const train = fewShotSubset(o.train, k, CLASSES, { generator: new Generator(1000 * k + seed) });
      let baseline: number | null = null;
      for (const kind of o.generators) {
        const t0 = Date.now();
        const r = augmentationTrial({
          train,
          synthesize: (d) => generateLabeled(fitGenerator(kind, d, o.generatorSteps, seed), CLASSES, o.syntheticPerClass),
          combine: concatLabeled,
          // the baseline is the same classifier on the same data for every generator: train it once per seed
          fitAndScore: (d) => (d === train && baseline !== null ? baseline : classifierAccuracy(d, o.test, o.classifierSteps, seed)),
        });
        baseline = r.baseline;
        const row = rows.find((x) => x.k === k && x.generator === kind)!;
        row.baseline.push(r.baseline);
        row.augmented.push(r.augmented);
        o.log?.(`k=${k} seed=${seed} ${kind}: baseline ${r.baseline.toFixed(4)}, augmented ${r.augmented.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }
    }
  }
  return rows;
}

/** The study's table as Markdown: mean accuracy ± 95 % CI with and without, the gain and its paired t-test. */
export function studyTable(rows: readonly StudyRow[]): string {
  const pct = (v: number) => (100 * v).toFixed(2);
  const lines = [
    '| k | generator | seeds | baseline acc. (%) | augmented acc. (%) | gain (points) | paired t-test p | significant (5 %) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const b = summarize(r.baseline), a = summarize(r.augmented), t = pairedTTest(r.baseline, r.augmented);
    lines.push(`| ${r.k} | ${r.generator} | ${b.n} | ${pct(b.mean)} ± ${pct(b.halfWidth)} | ${pct(a.mean)} ± ${pct(a.halfWidth)} | ${pct(t.meanDiff)} | ${Number.isNaN(t.p) ? '—' : t.p.toPrecision(2)} | ${Number.isNaN(t.p) ? '—' : t.p < 0.05 ? (t.meanDiff > 0 ? 'yes, gain' : 'yes, loss') : 'no'} |`);
  }
  return lines.join('\n');
}
