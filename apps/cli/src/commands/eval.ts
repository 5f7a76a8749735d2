import { FASHION_MNIST_CLASSES } from '@dnn/data';
import { formatHelp, parseCommand, positionals, choice, type CommandSpec } from '../args';
import { disposeCheckpoint, loadCheckpoint } from '../checkpoint';
import { describeData, loadFashionMnist, testLoader } from '../data-source';
import { DEVICES, openDevice } from '../device';
import { evaluate } from '../evaluate';
import type { Io } from '../io';
import { formatCount } from '../progress';
import { getModel } from '../registry';
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
  const entry = getModel(ckpt.config.model, 'eval');
  const device = await openDevice(deviceName, 'eval');
  const model = entry.build(ckpt.config.variant, device);
  model.loadStateDict(ckpt.model);
  disposeCheckpoint(ckpt);

  const fm = await loadFashionMnist({ dir: parsed.values.data as string | undefined, subset: parsed.values.subset === true }, 'eval');
  io.stdout.write(`${describeData(fm)}\n`);
  io.stdout.write(`model: ${entry.title} (${ckpt.config.variant}) from ${path}, trained ${ckpt.epoch} epoch${ckpt.epoch === 1 ? '' : 's'}\n\n`);
  const r = await evaluate(model, testLoader(fm, device));
  io.stdout.write(`test loss ${r.loss.toFixed(4)}, accuracy ${(r.accuracy * 100).toFixed(2)}% (${formatCount(r.correct)} of ${formatCount(r.total)})\n\n`);
  const rows = r.perClass.map((c, label) => [
    `${label} ${FASHION_MNIST_CLASSES[label] ?? `class ${label}`}`,
    `${formatCount(c.correct)}/${formatCount(c.total)}`,
    c.total ? `${((100 * c.correct) / c.total).toFixed(1)}%` : '-',
  ]);
  io.stdout.write(`${formatTable(['class', 'correct', 'accuracy'], rows).join('\n')}\n`);
  return 0;
}
