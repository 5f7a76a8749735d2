import { join } from 'node:path';
import { cpuKernelInfo, getDefaultGenerator, manualSeed, setCpuThreads } from '@dnn/tensor';
import { accuracy, fit, NonFiniteError, type EpochLog, type StepLog } from '@dnn/train';
import { ensureWritableDir, formatCount, formatDuration } from '@dnn/train/node';
import { choice, formatHelp, integer, number, parseCommand, positionals, type CommandSpec } from '../args';
import { CHECKPOINT_FILE, disposeCheckpoint, exists, loadCheckpoint, type Checkpoint } from '../checkpoint';
import { describeOptimizer, makeScheduler, RESUMABLE_CHANGES, type TrainConfig } from '../config';
import { DEVICES, openDevice } from '../device';
import { UsageError, type Io } from '../io';
import { makeOptimizer } from '../optimizer';
import { checkpointVariant, getModel, getVariant, MODELS } from '../registry';
import { repairRunFiles, runCallbacks, type RunView } from '../run-files';

export const TRAIN: CommandSpec = {
  name: 'train',
  usage: 'dnn train MODEL [options]',
  summary: `Trains MODEL (${Object.keys(MODELS).join(', ')}) on its data (Fashion-MNIST for the image models), writing a checkpoint, metrics.json and curves.svg after every epoch.`,
  options: {
    variant: { type: 'string', value: 'NAME', help: 'model variant: lenet5 has modern, classic', default: 'modern' },
    epochs: { type: 'string', value: 'N', help: 'epochs to train (with --resume: the last epoch)', default: '15' },
    'batch-size': { type: 'string', value: 'B', help: 'training batch size', default: '64' },
    lr: { type: 'string', value: 'X', help: 'learning rate', default: '0.002 (adamw, weight decay 0.05)' },
    optimizer: { type: 'string', value: 'sgd|adam', help: 'optimizer', default: 'adam' },
    momentum: { type: 'string', value: 'M', help: 'SGD momentum', default: '0.9' },
    'weight-decay': { type: 'string', value: 'X', help: 'L2 weight decay (with adam: AdamW\'s decoupled decay)', default: '0.05 with adam' },
    seed: { type: 'string', value: 'S', help: 'seeds the initial weights and the data order', default: '0' },
    device: { type: 'string', value: 'cpu|webgpu', help: 'where to compute; webgpu needs the optional webgpu packages', default: 'cpu' },
    threads: { type: 'string', value: 'N', help: 'threads of the CPU device\'s WebAssembly kernels', default: 'the hardware threads' },
    data: { type: 'string', value: 'DIR', help: 'folder with the four Fashion-MNIST files (looked at first)' },
    subset: { type: 'boolean', help: 'use the small subset shipped with @dnn/data (6,000 train / 1,000 test)' },
    out: { type: 'string', value: 'DIR', help: 'where the checkpoint, metrics.json and curves.svg go', default: 'runs/MODEL-VARIANT' },
    resume: { type: 'boolean', help: 'continue the run whose checkpoint is in --out' },
    force: { type: 'boolean', help: 'start afresh even if --out holds a checkpoint (it is replaced)' },
    augment: { type: 'boolean', help: 'random crops (padding 2) and horizontal flips' },
    'max-steps': { type: 'string', value: 'N', help: 'train at most N batches per epoch (quick runs)' },
    schedule: { type: 'string', value: 'cosine|constant', help: 'learning rate over the epochs', default: 'cosine' },
  },
  notes: [
    'Data: --data DIR, else /usr/share/datasets/fashion-mnist, else the user cache (dnn data fetch), else the embedded subset.',
    'Ctrl-C stops after the current step and keeps the last complete checkpoint; run the same command with --resume to continue.',
    '',
    'Examples:',
    '  dnn train lenet5 --epochs 1',
    '  dnn train lenet5 --variant classic --optimizer sgd --lr 0.01 --momentum 0.9',
    '  dnn train lenet5 --subset --epochs 2 --max-steps 50 --out runs/quick',
  ],
};

/** For tests: called after each step, and after each epoch's checkpoint is on disk. */
export interface TrainHooks {
  onStep?(info: StepLog): void;
  onEpochEnd?(record: EpochLog): void;
}

interface Given {
  config: Partial<TrainConfig>;
  device: (typeof DEVICES)[number];
  threads?: number;
  data?: string;
  subset: boolean;
  out?: string;
  resume: boolean;
  force: boolean;
}

function readArgs(values: Record<string, string | boolean | undefined>): Given {
  const c = 'train';
  const config: Partial<TrainConfig> = {
    variant: values.variant as string | undefined,
    epochs: integer(c, 'epochs', values.epochs, 1),
    batchSize: integer(c, 'batch-size', values['batch-size'], 1),
    lr: number(c, 'lr', values.lr, true),
    optimizer: choice(c, 'optimizer', values.optimizer, ['sgd', 'adam'] as const),
    momentum: number(c, 'momentum', values.momentum, false),
    weightDecay: number(c, 'weight-decay', values['weight-decay'], false),
    seed: integer(c, 'seed', values.seed, 0),
    augment: values.augment === true ? true : undefined,
    maxSteps: integer(c, 'max-steps', values['max-steps'], 1),
    schedule: choice(c, 'schedule', values.schedule, ['cosine', 'constant'] as const),
  };
  for (const k of Object.keys(config) as (keyof TrainConfig)[]) if (config[k] === undefined) delete config[k];
  return {
    config,
    device: choice(c, 'device', values.device, DEVICES) ?? 'cpu',
    threads: integer(c, 'threads', values.threads, 1),
    data: values.data as string | undefined,
    subset: values.subset === true,
    out: values.out as string | undefined,
    resume: values.resume === true,
    force: values.force === true,
  };
}

/** `dnn train`: returns the exit code (0 done, 1 stopped by a non-finite figure, 130 interrupted). */
export async function train(argv: readonly string[], io: Io, hooks: TrainHooks = {}): Promise<number> {
  const parsed = parseCommand(TRAIN, argv);
  if (parsed.help) {
    io.stdout.write(formatHelp(TRAIN));
    return 0;
  }
  const [modelName] = positionals('train', parsed.positionals, ['MODEL']) as [string];
  const entry = getModel(modelName, 'train');
  if (!entry.data) {
    throw new UsageError(
      `dnn train: ${modelName} takes [${entry.inputShape.join(', ')}] inputs; training here uses 28×28 grey Fashion-MNIST images ` +
      `(trainable: ${Object.entries(MODELS).filter(([, m]) => m.data).map(([n]) => n).join(', ')})`, 'train');
  }
  const given = readArgs(parsed.values);
  const variant = getVariant(entry, modelName, given.config.variant, 'train');
  const out = given.out ?? join('runs', `${modelName}-${variant}`);
  const checkpointPath = join(out, CHECKPOINT_FILE);

  let resumed: Checkpoint | undefined;
  if (given.resume) {
    if (given.force) throw new UsageError('dnn train: --resume and --force contradict each other', 'train');
    if (!(await exists(checkpointPath))) {
      throw new UsageError(`dnn train: --resume: no checkpoint at ${checkpointPath} (start without --resume, or point --out at the run)`, 'train');
    }
    resumed = await loadCheckpoint(checkpointPath);
  } else if (!given.force && (await exists(checkpointPath))) {
    throw new UsageError(
      `dnn train: ${out} already holds a checkpoint; pass --resume to continue that run, --force to replace it, or --out DIR to start elsewhere`,
      'train',
    );
  }
  const defaults = entry.defaults(variant);
  // the default weight decay belongs to the default optimizer: switching optimizer starts from none
  if (given.config.optimizer && given.config.optimizer !== defaults.optimizer) defaults.weightDecay = 0;
  let config: TrainConfig;
  try {
    config = resumed
      ? resumedConfig(resumed, given, modelName, checkpointPath)
      : { ...defaults, maxSteps: null, augment: false, seed: 0, schedule: 'cosine' as const, ...given.config, model: modelName, variant };
  } catch (e) {
    if (resumed) disposeCheckpoint(resumed);
    throw e;
  }
  const view: RunView = { entry, config, out, unit: entry.unit ?? { short: 'samples', long: 'samples' } };
  if (resumed && resumed.epoch >= config.epochs) {
    // a run killed while writing its metrics leaves them torn: finishing it is the time to repair them
    await repairRunFiles(view, historyOf(resumed));
    io.stdout.write(`${out}: already trained ${resumed.epoch} epoch${resumed.epoch === 1 ? '' : 's'}; pass --epochs N (N > ${resumed.epoch}) with --resume to train further\n`);
    disposeCheckpoint(resumed);
    return 0;
  }
  try {
    // before any data is read or any step trained: an unwritable folder is found now, by name
    await ensureWritableDir(out);
  } catch (e) {
    if (resumed) disposeCheckpoint(resumed);
    throw e;
  }

  if (given.threads !== undefined) setCpuThreads(given.threads);
  const device = await openDevice(given.device, 'train');
  const data = await entry.data({ dir: given.data, subset: given.subset, batchSize: config.batchSize, seed: config.seed, augment: config.augment, device, command: 'train' }, variant);
  if (resumed) checkSameData(data.origin, resumed, checkpointPath);
  config.data = data.origin;
  io.stdout.write(`${data.description}\n`);

  manualSeed(config.seed);
  const model = entry.build(config.variant, device);
  const optimizer = entry.optimizer?.(model, config) ?? makeOptimizer(model, config);
  const history: EpochLog[] = [];
  if (resumed) {
    model.loadStateDict(resumed.model);
    optimizer.loadStateDict(resumed.optimizer);
    getDefaultGenerator().setState(resumed.generator);
    history.push(...historyOf(resumed));
  }
  // made after the optimizer's state is loaded, so its base rates are the run's
  const scheduler = makeScheduler(optimizer, config);
  if (resumed && scheduler) {
    const saved = resumed.scheduler;
    // the same run continues exactly; a run given more epochs (or from before schedulers were saved) joins the new curve
    if (saved && saved.tMax === config.epochs) scheduler.loadStateDict(saved);
    else scheduler.step(resumed.epoch);
  }
  if (resumed) disposeCheckpoint(resumed);
  const startEpoch = (resumed?.epoch ?? 0) + 1;
  const steps = Math.min(data.train.length ?? Infinity, config.maxSteps ?? Infinity);

  io.stdout.write(
    `model: ${entry.title} (${config.variant}), ${formatCount(model.numParameters())} parameters; ${describeOptimizer(config)}; ` +
      `batch ${config.batchSize}, ${formatCount(steps)} steps per epoch${config.augment ? ', augmented' : ''}; seed ${config.seed}; device ${device.name}${given.device === 'cpu' ? `, ${cpuKernelInfo().threads} thread(s)` : ''}\n`,
  );
  io.stdout.write(resumed ? `resuming ${checkpointPath} after epoch ${startEpoch - 1} of ${config.epochs}\n` : `writing to ${out}\n`);

  let lastStep = 0;
  let inEpoch = false;
  const track = {
    onEpochStart: () => {
      lastStep = 0;
      inEpoch = true;
    },
    onStep: (s: StepLog) => {
      lastStep = s.step;
      hooks.onStep?.(s);
    },
    onEpochEnd: (log: EpochLog) => {
      inEpoch = false;
      hooks.onEpochEnd?.(log);
    },
  };
  let result;
  try {
    result = await fit(model, {
      train: data.train, validation: data.test, validationPrefix: 'test', loss: entry.loss, metrics: entry.metrics ?? { accuracy },
      optimizer, scheduler, epochs: config.epochs, startEpoch, history, maxSteps: config.maxSteps ?? undefined, signal: io.signal,
      step: entry.step?.({ model, optimizer, config }),
      callbacks: [...runCallbacks(view, io, history), track],
    });
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    if (io.stderr.isTTY) io.stderr.write('\n');
    // every epoch before the one that failed completed, and its checkpoint was written
    const done = e.epoch - 1;
    io.stderr.write(`${io.prog ?? 'dnn'}: error: ${e.message}\n`);
    io.stderr.write(done > 0
      ? `the last finite checkpoint, of epoch ${done}, is in ${checkpointPath}; a lower --lr may help\n`
      : 'no epoch finished, so there is no checkpoint; a lower --lr may help\n');
    return 1;
  } finally {
    optimizer.dispose();
  }

  const records = result.logs;
  if (result.interrupted) {
    const done = records.at(-1)?.epoch ?? 0;
    if (io.stderr.isTTY && inEpoch && lastStep > 0 && lastStep < steps) io.stderr.write('\n');
    const kept = records.length
      ? `the checkpoint of epoch ${done} is in ${checkpointPath}`
      : 'no epoch finished, so there is no checkpoint yet';
    // between epochs (during the test pass or the checkpoint) nothing of the next epoch had started
    const where = inEpoch ? `during epoch ${done + 1} (after step ${lastStep} of ${steps})` : `after epoch ${done}`;
    io.stderr.write(`interrupted ${where}; ${kept}\n`);
    if (records.length) io.stderr.write(`resume with: ${io.prog ?? 'dnn'} ${resumeCommand(modelName, config.variant, given)}\n`);
    return 130;
  }
  if (entry.artifacts) {
    model.eval();
    io.stdout.write(await entry.artifacts(model, { out, device, data }));
  }
  const last = records.at(-1)!;
  const total = records.slice(startEpoch - 1).reduce((s, r) => s + r.seconds, 0);
  const figure = last.testAccuracy !== undefined ? `test accuracy ${(last.testAccuracy * 100).toFixed(2)}%` : `test loss ${last.testLoss!.toFixed(4)}`;
  io.stdout.write(
    `\ndone: ${figure} after ${last.epoch} epoch${last.epoch === 1 ? '' : 's'} ` +
      `(${formatDuration(total)}); ${CHECKPOINT_FILE}, metrics.json and curves.svg are in ${out}\n`,
  );
  return 0;
}

/** A checkpoint's metrics as fit's logs (checkpoints before @dnn/train named the throughput imagesPerSecond). */
function historyOf(c: Checkpoint): EpochLog[] {
  return c.metrics.map(({ imagesPerSecond, ...r }) => (imagesPerSecond === undefined ? r : { ...r, samplesPerSecond: imagesPerSecond }) as EpochLog);
}

/** --resume continues on the data the run started with: another source (subset vs full, another folder) is refused. */
function checkSameData(now: { source: string; path: string }, ckpt: Checkpoint, file: string): void {
  const was = ckpt.config.data;
  if (!was || (was.source === now.source && was.path === now.path)) return;
  const name = (d: { source: string; path: string }) => (d.source === 'subset' ? `the embedded subset (${d.path})` : d.path);
  const hint = was.source === 'subset' ? '--subset' : `--data ${was.path}`;
  disposeCheckpoint(ckpt);
  throw new UsageError(
    `dnn train: --resume: the run in ${file} trained on ${name(was)}, but this command would train on ${name(now)}; ` +
      `resume with the same data (${hint})`,
    'train',
  );
}

/** The checkpoint's config, with the changes --resume allows; any other option given must agree with it. */
function resumedConfig(ckpt: Checkpoint, given: Given, modelName: string, file: string): TrainConfig {
  const saved = ckpt.config;
  if (saved.model !== modelName) {
    throw new UsageError(`dnn train: the checkpoint in --out is a ${saved.model}, not a ${modelName}`, 'train');
  }
  checkpointVariant(getModel(modelName, 'train'), modelName, saved.variant, file);
  const conflicts = (Object.keys(given.config) as (keyof TrainConfig)[])
    .filter((k) => !(RESUMABLE_CHANGES as readonly string[]).includes(k) && given.config[k] !== saved[k])
    .map((k) => `${k} ${String(given.config[k])} (the checkpoint has ${String(saved[k])})`);
  if (conflicts.length) {
    throw new UsageError(`dnn train: --resume continues the run as it was started; these options differ: ${conflicts.join(', ')}`, 'train');
  }
  // checkpoints from before schedules existed trained at a constant rate
  return { ...saved, schedule: saved.schedule ?? 'constant', ...pick(given.config, RESUMABLE_CHANGES) };
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<T> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as unknown as Partial<T>;
}

function resumeCommand(model: string, variant: string, g: Given): string {
  const args = ['train', model, '--variant', variant];
  if (g.out) args.push('--out', g.out);
  if (g.data) args.push('--data', g.data);
  if (g.subset) args.push('--subset');
  if (g.device !== 'cpu') args.push('--device', g.device);
  if (g.threads !== undefined) args.push('--threads', String(g.threads));
  if (g.config.epochs !== undefined) args.push('--epochs', String(g.config.epochs));
  if (g.config.maxSteps !== undefined) args.push('--max-steps', String(g.config.maxSteps));
  args.push('--resume');
  return args.map((a) => (/^[\w./:=@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
