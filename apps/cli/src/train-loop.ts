import { crossEntropy, tidy, type Tensor } from '@dnn/tensor';
import type { DataLoader } from '@dnn/data';
import type { Classifier } from './registry';
import { evaluate } from './evaluate';

/** What the loop needs of an optimizer (every optim.* class has these). */
export interface StepOptimizer {
  step(): unknown;
  zeroGrad(): void;
}

export type LossFn = (logits: Tensor, target: Tensor) => Tensor;

/** One line of metrics.json. Epochs count from 1. */
export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
  /** Training images per second (the test pass not counted). */
  imagesPerSecond: number;
  /** Wall time of the whole epoch, test pass included. */
  seconds: number;
}

export interface StepInfo {
  epoch: number;
  /** Steps done in this epoch, this one included. */
  step: number;
  /** Steps this epoch will run. */
  steps: number;
  images: number;
  /** Mean loss of the epoch so far. */
  runningLoss: number;
  imagesPerSecond: number;
}

export interface FitOptions {
  model: Classifier;
  optimizer: StepOptimizer;
  /** Default: cross entropy on the logits. */
  loss?: LossFn;
  train: DataLoader;
  test: DataLoader;
  /** The last epoch to run (counting from 1). */
  epochs: number;
  /** The first epoch to run; later than 1 when resuming. The loader's shuffle follows it. */
  startEpoch?: number;
  /** At most this many batches per epoch (quick runs, tests). */
  maxSteps?: number;
  /** Checked before every step: once aborted, the loop returns after the step in progress. */
  signal?: AbortSignal;
  onEpochStart?(epoch: number, steps: number): void;
  onStep?(info: StepInfo): void;
  /** Awaited before the next epoch starts: the place to write a checkpoint. */
  onEpochEnd?(record: EpochRecord): void | Promise<void>;
}

export interface FitResult {
  records: EpochRecord[];
  /** True when the signal stopped an epoch midway (that epoch is not in `records`). */
  interrupted: boolean;
}

/** Trains epoch by epoch, evaluating on the test loader after each; see FitOptions. */
export async function fit(o: FitOptions): Promise<FitResult> {
  const records: EpochRecord[] = [];
  const lossFn = o.loss ?? ((logits, y) => crossEntropy(logits, y));
  for (let epoch = o.startEpoch ?? 1; epoch <= o.epochs; epoch++) {
    if (o.signal?.aborted) return { records, interrupted: true };
    const started = performance.now();
    // the loader's epochs count from 0; its shuffle order depends on (seed, epoch) only
    o.train.epoch = epoch - 1;
    const trained = await trainEpoch(o, epoch, lossFn);
    if (trained.interrupted) return { records, interrupted: true };
    const test = await evaluate(o.model, o.test, { loss: lossFn });
    const record: EpochRecord = {
      epoch,
      trainLoss: trained.loss,
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      imagesPerSecond: trained.images / trained.seconds,
      seconds: (performance.now() - started) / 1000,
    };
    records.push(record);
    await o.onEpochEnd?.(record);
  }
  return { records, interrupted: false };
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

interface EpochResult {
  loss: number;
  images: number;
  seconds: number;
  interrupted: boolean;
}

async function trainEpoch(o: FitOptions, epoch: number, lossFn: LossFn): Promise<EpochResult> {
  const steps = Math.min(o.train.length, o.maxSteps ?? Infinity);
  o.onEpochStart?.(epoch, steps);
  o.model.train();
  const started = performance.now();
  let step = 0;
  let images = 0;
  let lossSum = 0;
  for await (const batch of o.train) {
    if (o.signal?.aborted) {
      batch.x.dispose();
      batch.y.dispose();
      break;
    }
    const n = batch.x.shape[0]!;
    // everything a step makes (activations, gradients, the optimizer's temporaries) dies with the scope
    const loss = tidy(() => {
      o.optimizer.zeroGrad();
      const l = lossFn(o.model.forward(batch.x), batch.y);
      l.backward();
      o.optimizer.step();
      o.optimizer.zeroGrad();
      return l.detach();
    });
    batch.x.dispose();
    batch.y.dispose();
    const value = Number((await loss.data())[0]);
    loss.dispose();
    step++;
    images += n;
    lossSum += value * n;
    const seconds = (performance.now() - started) / 1000;
    o.onStep?.({ epoch, step, steps, images, runningLoss: lossSum / images, imagesPerSecond: images / seconds });
    if (step >= steps) break;
    // on the CPU every await above resolves at once (microtasks only): without a real turn of the
    // event loop, a Ctrl-C handler or a timer would not run until the epoch is over
    await yieldToEventLoop();
  }
  const seconds = (performance.now() - started) / 1000;
  return { loss: lossSum / images, images, seconds, interrupted: step < steps };
}
