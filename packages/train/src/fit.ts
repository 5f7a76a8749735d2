import { getDefaultGenerator, isTensor, manualSeed, optim, tidy, type Device, type Generator, type Module, type Tensor } from '@dnn/tensor';
import type { Callback, FitContext, FitResult } from './callbacks';
import { NonFiniteError, TrainingError } from './errors';
import { evaluate, type Metric } from './evaluate';
import { formatLeakReport, LeakDetector, leaksFromEnv, type LeakReporter } from './leaks';
import { batchSize, disposeBatch, readScalars } from './read';
import { defaultLoss, lossStep } from './step';
import type { Batch, DataSource, EpochLog, EpochScheduler, Forward, LossFn, StepOptimizer, StepOutput } from './types';

/** What a custom step is given besides its batch. */
export interface StepContext extends FitContext {
  epoch: number;
  /** Step within the epoch, from 1. */
  step: number;
  /** Steps since the run began (resumed epochs not counted), from 1. */
  globalStep: number;
  loss: LossFn;
  device?: Device;
}

export type StepFn<B> = (batch: B, ctx: StepContext) => StepOutput;

export interface FitOptions<B = Batch> {
  train: DataSource<B>;
  validation?: DataSource<Batch>;
  /** Default: cross entropy. Used by the default step and by validation. */
  loss?: LossFn;
  /** Needed by the default step; a custom step may use its own. */
  optimizer?: StepOptimizer;
  /** Stepped once after every epoch (ReduceLROnPlateau with the validation loss, or the training loss). */
  scheduler?: EpochScheduler;
  /** The last epoch to train, counting from 1. */
  epochs: number;
  /** The first epoch to train (resume: the checkpoint's epoch + 1). Default 1. */
  startEpoch?: number;
  /** Logs of the epochs before startEpoch (from a checkpoint), so callbacks see the whole run. */
  history?: EpochLog[];
  /** Batches whose tensors live elsewhere are moved here before the step. */
  device?: Device;
  /** Seeds the default generator when a run starts at epoch 1 (a resumed run restores the generator instead). */
  seed?: number;
  generator?: Generator;
  callbacks?: Callback[];
  /**
   * Replaces forward → loss → backward → optimizer.step (contrastive divergence, GAN alternation,
   * truncated BPTT). Synchronous; fit runs it inside a tidy scope and keeps only what it returns.
   */
  step?: StepFn<B>;
  /** At most this many steps per epoch. */
  maxSteps?: number;
  /** Checked before every step: once aborted, fit returns after the step in progress, `interrupted` set. */
  signal?: AbortSignal;
  /** Validation metrics, averaged per sample: `{ accuracy }`. */
  metrics?: Record<string, Metric>;
  /** Names the validation figures: `${prefix}Loss`, `${prefix}Accuracy`. Default 'val'. */
  validationPrefix?: string;
  /** Stop with a NonFiniteError on a NaN or infinite figure. Default true. */
  nonFiniteGuard?: boolean;
  /** Development mode: report tensors each step leaves alive (true: to console.warn). Also DNN_DETECT_LEAKS=1. */
  detectLeaks?: boolean | LeakReporter;
  /** Dispose each batch's tensors after its step. Default: true unless the source is an array (reused every epoch). */
  disposeBatches?: boolean;
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Milliseconds of steps between two turns of the event loop. A turn per step costs tens of µs and
 * runs whatever the engine queued meanwhile (a small step pays for it many times over); a Ctrl-C
 * handler or a timer waits at most this long plus one step.
 */
const YIELD_EVERY_MS = 15;

/**
 * Trains `model` for epochs startEpoch..epochs: each epoch runs the steps, then validation, then
 * the scheduler, then the callbacks' onEpochEnd. Every device runs the same loop (figures are read
 * asynchronously). Throws NonFiniteError at the first non-finite figure, naming epoch and step.
 */
export async function fit<B = Batch>(model: Module, o: FitOptions<B>): Promise<FitResult> {
  const startEpoch = o.startEpoch ?? 1;
  if (!(Number.isInteger(o.epochs) && o.epochs >= 1)) throw new TrainingError(`fit: epochs must be a positive integer, got ${o.epochs}`);
  if (!(Number.isInteger(startEpoch) && startEpoch >= 1)) throw new TrainingError(`fit: startEpoch must be a positive integer, got ${startEpoch}`);
  if (o.train.length === 0) throw new TrainingError('fit: the training data holds no batches');
  if (!o.step && !o.optimizer) throw new TrainingError('fit: the default step needs an optimizer (or pass a step)');
  if (o.seed !== undefined && startEpoch === 1) manualSeed(o.seed);
  const loss = o.loss ?? defaultLoss;
  const ctx: FitContext = {
    model, optimizer: o.optimizer, scheduler: o.scheduler, generator: o.generator ?? getDefaultGenerator(),
    epochs: o.epochs, startEpoch, logs: [...(o.history ?? [])], signal: o.signal,
  };
  const callbacks = o.callbacks ?? [];
  const call = async <K extends keyof Callback>(name: K, ...args: unknown[]) => {
    for (const cb of callbacks) await (cb[name] as ((...a: unknown[]) => unknown) | undefined)?.call(cb, ...args, ctx);
  };
  const leakOption = o.detectLeaks ?? leaksFromEnv();
  const leaks = leakOption ? new LeakDetector(typeof leakOption === 'function' ? leakOption : (r) => console.warn(formatLeakReport(r))) : undefined;
  const guard = o.nonFiniteGuard ?? true;
  const step: StepFn<B> = o.step ?? ((batch) => lossStep(model as Forward, batch as Batch, { loss, optimizer: o.optimizer! }));
  const disposeBatches = o.disposeBatches ?? !Array.isArray(o.train);
  let globalStep = 0;

  try {
    await call('onFitStart');
    for (let epoch = startEpoch; epoch <= o.epochs; epoch++) {
      if (o.signal?.aborted) return finish({ logs: ctx.logs, interrupted: true, stoppedAt: { epoch, step: 0 } });
      const started = performance.now();
      // a DataLoader's epochs count from 0, and its shuffle depends on (seed, epoch) only
      if ('epoch' in o.train) (o.train as { epoch?: number }).epoch = epoch - 1;
      const steps = o.train.length === undefined ? o.maxSteps : Math.min(o.train.length, o.maxSteps ?? Infinity);
      await call('onEpochStart', { epoch, steps });
      model.train();
      let done = 0;
      let samples = 0;
      let lastYield = performance.now();
      const sums: Record<string, number> = {};
      for await (const raw of o.train as AsyncIterable<B>) {
        if (o.signal?.aborted) {
          if (disposeBatches) disposeBatch(raw);
          return finish({ logs: ctx.logs, interrupted: true, stoppedAt: { epoch, step: done } });
        }
        const { batch, moved } = o.device ? toDevice(raw, o.device, disposeBatches) : { batch: raw, moved: [] };
        const stepCtx = { ...ctx, epoch, step: done + 1, globalStep: globalStep + 1, loss, device: o.device };
        let values: Record<string, number>;
        try {
          values = await readScalars(tidy(() => step(batch, stepCtx)));
        } finally {
          // the copies made for the device are ours; the caller's tensors only when the batches are ours too
          if (disposeBatches) disposeBatch(batch);
          else for (const t of moved) t.dispose();
        }
        done++;
        globalStep++;
        if (guard) checkFinite(values, epoch, done, 'train');
        const n = batchSize(batch);
        samples += n;
        for (const [k, v] of Object.entries(values)) sums[k] = (sums[k] ?? 0) + v * n;
        leaks?.afterStep(epoch, done, globalStep);
        const seconds = (performance.now() - started) / 1000;
        await call('onStep', { epoch, step: done, steps, samples, runningLoss: sums.loss! / samples, values, samplesPerSecond: samples / seconds });
        if (steps !== undefined && done >= steps) break;
        // on the CPU every await above resolves at once (microtasks only): without a real turn of the
        // event loop a Ctrl-C handler or a timer would not run until the epoch is over
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }
      if (done === 0) throw new TrainingError(`fit: epoch ${epoch} got no batches from the training data`);
      const trainSeconds = (performance.now() - started) / 1000;
      const log: EpochLog = { epoch, trainLoss: sums.loss! / samples, samplesPerSecond: samples / trainSeconds, seconds: 0 };
      for (const [k, v] of Object.entries(sums)) if (k !== 'loss') log[`train${k[0]!.toUpperCase()}${k.slice(1)}`] = v / samples;
      if (o.validation) {
        const prefix = o.validationPrefix ?? 'val';
        const { samples: _, ...figures } = await evaluate(model as Forward, o.validation, { loss, metrics: o.metrics });
        for (const [k, v] of Object.entries(figures)) log[`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`] = v;
        if (guard) checkFinite({ [`${prefix}Loss`]: figures.loss! }, epoch, 0, 'validation');
      }
      stepScheduler(o.scheduler, log, o.validationPrefix ?? 'val');
      log.seconds = (performance.now() - started) / 1000;
      ctx.logs.push(log);
      await call('onEpochEnd', log);
    }
    return finish({ logs: ctx.logs, interrupted: false });
  } finally {
    leaks?.stop();
  }

  async function finish(result: FitResult): Promise<FitResult> {
    await call('onFitEnd', result);
    return result;
  }
}

function checkFinite(values: Record<string, number>, epoch: number, step: number, phase: string): void {
  for (const [figure, value] of Object.entries(values)) {
    if (Number.isFinite(value)) continue;
    const where = step ? `epoch ${epoch}, step ${step}` : `epoch ${epoch} (${phase})`;
    throw new NonFiniteError(
      `fit: non-finite ${figure} (${value}) at ${where}; training stopped, nothing of epoch ${epoch} was saved`,
      epoch, step, figure, value,
    );
  }
}

function stepScheduler(s: EpochScheduler | undefined, log: EpochLog, prefix: string): void {
  if (!s) return;
  // ReduceLROnPlateau watches a figure; the epoch schedulers take no argument (a number would be an epoch to jump to)
  if (s instanceof optim.ReduceLROnPlateau) s.step(log[`${prefix}Loss`] ?? log.trainLoss);
  else s.step();
}

/** The batch with its tensors on `device`, and the copies that moving made (only those are new). */
function toDevice<B>(batch: B, device: Device, owned: boolean): { batch: B; moved: Tensor[] } {
  if (!batch || typeof batch !== 'object' || Array.isArray(batch)) return { batch, moved: [] };
  const out: Record<string, unknown> = { ...(batch as Record<string, unknown>) };
  const moved: Tensor[] = [];
  for (const [k, v] of Object.entries(out)) {
    if (isTensor(v) && v.device !== device) {
      const copy = v.to(device);
      out[k] = copy;
      moved.push(copy);
      if (owned) v.dispose();
    }
  }
  return { batch: out as B, moved };
}
