import { type Tensor, type Generator, ValueError, ShapeError, fmtShape, tensor, concat, randperm, noGrad } from '@dnn/tensor';

/** A labelled set: inputs [N, …] and int32 class labels [N]. */
export interface LabeledSet {
  x: Tensor;
  y: Tensor;
}

/**
 * k examples of each class drawn without replacement (a random permutation from the counter-based
 * generator, then the first k of each class in that order); labels must lie in [0, numClasses).
 */
export function fewShotSubset(set: LabeledSet, k: number, numClasses: number, opts: { generator?: Generator } = {}): LabeledSet {
  const labels = set.y.dataSync();
  const order = randperm(labels.length, { generator: opts.generator }).dataSync();
  const counts = new Array<number>(numClasses).fill(0);
  const picked: number[] = [];
  for (const i of order) {
    const c = labels[i]!;
    if (c < 0 || c >= numClasses) throw new ValueError(`fewShotSubset: label ${c} outside [0, ${numClasses})`);
    if (counts[c]! < k) { counts[c]!++; picked.push(i); }
  }
  const short = counts.findIndex((n) => n < k);
  if (short >= 0) throw new ValueError(`fewShotSubset: class ${short} has only ${counts[short]} examples, ${k} asked`);
  const index = tensor(Int32Array.from(picked), { dtype: 'int32', device: set.x.device });
  return { x: set.x.indexSelect(0, index), y: set.y.indexSelect(0, index) };
}

/**
 * `perClass` generated examples of every class from a class-conditional sampler (labels → samples),
 * labels 0, 0, …, 1, 1, … (class-major).
 */
export function generateLabeled(sample: (labels: Tensor) => Tensor, numClasses: number, perClass: number, opts: { device?: Tensor['device'] } = {}): LabeledSet {
  const y = tensor(Int32Array.from({ length: numClasses * perClass }, (_, i) => Math.floor(i / perClass)), { dtype: 'int32', device: opts.device });
  const x = noGrad(() => sample(y));
  if (x.shape[0] !== y.shape[0]) throw new ShapeError(`generateLabeled: the sampler returned ${fmtShape(x.shape)} for ${y.shape[0]} labels`);
  return { x, y };
}

/** The union of two labelled sets (real first, then generated). */
export function concatLabeled(a: LabeledSet, b: LabeledSet): LabeledSet {
  return { x: concat([a.x, b.x.cast(a.x.dtype)], 0), y: concat([a.y, b.y.cast(a.y.dtype)], 0) };
}

export interface AugmentationTrialOptions<D> {
  /** The scarce training data. */
  train: D;
  /** Fits a generator on `train` only, never on more, and returns the synthetic data it draws. */
  synthesize: (train: D) => D;
  /** Joins real and synthetic training data. */
  combine: (real: D, synthetic: D) => D;
  /** Trains the downstream model on a training set and returns its test metric (accuracy, MSE, …). */
  fitAndScore: (train: D) => number;
}

/**
 * One run of the sample-augmentation experiment: the downstream model trained on the real data alone
 * and on the real data plus generated samples, scored the same way. Repeating it over seeds and
 * summarizing with `summarize` and `pairedTTest` gives the study's table.
 */
export function augmentationTrial<D>(o: AugmentationTrialOptions<D>): { baseline: number; augmented: number } {
  const baseline = o.fitAndScore(o.train);
  const augmented = o.fitAndScore(o.combine(o.train, o.synthesize(o.train)));
  return { baseline, augmented };
}
