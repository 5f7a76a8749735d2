import { formatHelp, parseCommand, positionals, choice, type CommandSpec } from '../args';
import { disposeCheckpoint, loadCheckpoint } from '../checkpoint';
import { evaluate, stateIsFinite } from '@dnn/train';
import { formatCount } from '@dnn/train/node';
import { DEVICES, openDevice } from '../device';
import { evaluateClasses } from '../evaluate';
import type { Io } from '../io';
import { checkpointVariant, getModel } from '../registry';
import { formatTable } from '../table';

export const EVAL: CommandSpec = {
  name: 'eval',
  usage: 'dnn eval CHECKPOINT [options]',
  summary: 'Rebuilds the model saved in CHECKPOINT (a checkpoint.safetensors written by dnn train) and reports its test loss, accuracy and accuracy per class.',
  options: {
    data: { type: 'string', value: 'DIR', help: 'folder with the four Fashion-MNIST files (looked at first)' },
    subset: { type: 'boolean', help: 'use the small subset shipped with @dnn/data (1,000 test images)' },
    device: { type: 'string', value: 'cpu|webgpu', help: 'where to compute', default: 'cpu' },
  },
  notes: ['Example:', '  dnn eval runs/lenet5-modern/checkpoint.safetensors'],
};

export async function evalCommand(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand(EVAL, argv);
  if (parsed.help) {
    io.stdout.write(formatHelp(EVAL));
    return 0;
  }
  const [path] = positionals('eval', parsed.positionals, ['CHECKPOINT']) as [string];
  const deviceName = choice('eval', 'device', parsed.values.device, DEVICES) ?? 'cpu';
  const ckpt = await loadCheckpoint(path);
  let entry;
  let variant: string;
  try {
    entry = getModel(ckpt.config.model, 'eval');
    variant = checkpointVariant(entry, ckpt.config.model, ckpt.config.variant, path);
    if (!entry.data) throw new Error(`${path}: ${entry.title} has no test data here`);
  } catch (e) {
    disposeCheckpoint(ckpt);
    throw e;
  }
  const device = await openDevice(deviceName, 'eval');
  const model = entry.build(variant, device);
  try {
    model.loadStateDict(ckpt.model);
  } finally {
    disposeCheckpoint(ckpt);
  }
  const finite = await stateIsFinite(model);
  if (!finite.finite) {
    io.stderr.write(`warning: ${path} holds non-finite weights (NaN or infinite, first in ${finite.firstBad}): the figures below mean nothing\n`);
  }

  const data = await entry.data({ dir: parsed.values.data as string | undefined, subset: parsed.values.subset === true, batchSize: 500, seed: 0, augment: false, device, command: 'eval' }, variant);
  io.stdout.write(`${data.description}\n`);
  io.stdout.write(`model: ${entry.title} (${variant}) from ${path}, trained ${ckpt.epoch} epoch${ckpt.epoch === 1 ? '' : 's'}\n\n`);
  if (!entry.classNames) {
    const r = await evaluate(model, data.test, { loss: entry.loss, metrics: entry.metrics });
    const extra = Object.entries(r).filter(([k]) => k !== 'loss' && k !== 'samples').map(([k, v]) => `, ${k} ${v.toFixed(4)}`).join('');
    io.stdout.write(`test loss ${r.loss.toFixed(4)}${extra} (${formatCount(r.samples)} samples)\n`);
    return 0;
  }
  const names = entry.classNames;
  const r = await evaluateClasses(model, data.test, { loss: entry.loss });
  io.stdout.write(`test loss ${r.loss.toFixed(4)}, accuracy ${(r.accuracy * 100).toFixed(2)}% (${formatCount(r.correct)} of ${formatCount(r.total)})\n\n`);
  const rows = r.perClass.map((c, label) => [
    `${label} ${names[label] ?? `class ${label}`}`,
    `${formatCount(c.correct)}/${formatCount(c.total)}`,
    c.total ? `${((100 * c.correct) / c.total).toFixed(1)}%` : '-',
  ]);
  io.stdout.write(`${formatTable(['class', 'correct', 'accuracy'], rows).join('\n')}\n`);
  return 0;
}
