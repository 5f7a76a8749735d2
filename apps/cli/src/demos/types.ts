import type { Device, Module, Tensor, optim } from '@dnn/tensor';
import type { Batch, DataSource, LossFn, Metric, StepFn, StepOptimizer } from '@dnn/train';
import type { TrainConfig } from '../config';

/** A model the CLI can build: from [N, ...inputShape] inputs to its output. */
export interface DemoModel extends Module {
  forward(x: Tensor): Tensor;
}

/** What `dnn train` uses when the command line says nothing else. */
export interface TrainDefaults {
  optimizer: 'sgd' | 'adam';
  lr: number;
  /** SGD only. */
  momentum: number;
  batchSize: number;
  epochs: number;
  weightDecay?: number;
}

/** What the command line says about data; a demo's `data` turns it into batches. */
export interface DemoDataOptions {
  /** --data DIR (looked at first, and then only there). */
  dir?: string;
  /** --subset: the small copy shipped with the repository. */
  subset: boolean;
  batchSize: number;
  seed: number;
  augment: boolean;
  device?: Device;
  /** The command asking ('train', 'eval'), for messages. */
  command: string;
}

export interface DemoData<B = Batch> {
  /** Shuffled by (seed, epoch) when it is a DataLoader, so a resumed run sees the same batches. */
  train: DataSource<B>;
  /** Validation / test batches, in a fixed order. */
  test: DataSource<Batch>;
  /** Training samples in all (0 is refused before training). */
  trainCount: number;
  /** The line that says which data a run used, e.g. 'data: Fashion-MNIST, embedded subset … 6,000 train / 1,000 test images'. */
  description: string;
  /** Where the data came from; stored in the checkpoint, and --resume refuses to continue on other data. */
  origin: { source: string; path: string };
}

/**
 * One model the CLI can summarize, train, evaluate (and sample, when generative). A new demo is one
 * file under src/demos/ exporting one of these, and one line in src/demos/index.ts.
 */
export interface Demo<B = Batch> {
  title: string;
  variants: readonly string[];
  defaultVariant: string;
  /** One sample's shape, without the batch dim (summary, and the data's size check). */
  inputShape: readonly number[];
  build(variant: string, device?: Device): DemoModel;
  defaults(variant: string): TrainDefaults;
  /** The data set's name in titles ('Fashion-MNIST'). */
  dataName?: string;
  /** Training and test data; absent: the model can be summarized, not trained here. */
  data?(o: DemoDataOptions, variant: string): Promise<DemoData<B>>;
  /** Default: cross entropy on the logits. */
  loss?: LossFn;
  /** The loss's name in the curves' title ('cross entropy'). */
  lossName?: string;
  /** Validation metrics (per sample). Default: { accuracy } — pass {} for a model that does not classify. */
  metrics?: Record<string, Metric>;
  /**
   * The optimizer, when the --optimizer/--lr choice is not enough (parameter groups with their own rates).
   * Its state is what the checkpoint saves, so everything a custom step updates should be in it.
   */
  optimizer?(model: DemoModel, config: TrainConfig): optim.Optimizer;
  /** A training step other than forward → loss → backward → optimizer.step (contrastive divergence, GAN alternation). */
  step?(parts: { model: DemoModel; optimizer: StepOptimizer; config: TrainConfig }): StepFn<B>;
  /** What a sample is called in throughput figures ('img': img/s and imagesPerSecond in metrics.json). Default 'samples'. */
  unit?: { short: string; long: string };
  /** Class names, for eval's per-class table. */
  classNames?: readonly string[];
  /** Generative demos: `dnn sample NAME CHECKPOINT` draws `count` samples, writes them under `out`, and returns lines to print. */
  sample?(model: DemoModel, o: { count: number; seed: number; device: Device; out: string }): Promise<string>;
  /**
   * Files made from the trained model (an embedding plot), written under `out` once at the end of a
   * completed `dnn train`, after the last checkpoint; returns lines to print (one per file written).
   */
  artifacts?(model: DemoModel, o: { out: string; device: Device; data: DemoData<B> }): Promise<string>;
}
