import { join } from 'node:path';
import { formatHelp, integer, parseCommand, positionals, choice, type CommandSpec } from '../args';
import { disposeCheckpoint, loadCheckpoint } from '../checkpoint';
import { DEVICES, openDevice } from '../device';
import { UsageError, type Io } from '../io';
import { checkpointVariant, getModel, MODELS } from '../registry';

/** The demos that can draw samples (generative models). */
export const sampleable = (): string[] => Object.entries(MODELS).filter(([, d]) => d.sample).map(([n]) => n);

export const SAMPLE: CommandSpec = {
  name: 'sample',
  usage: 'dnn sample MODEL CHECKPOINT [options]',
  summary: 'Draws samples from a generative model trained by dnn train, writing them to --out.',
  options: {
    count: { type: 'string', value: 'N', help: 'how many samples', default: '16' },
    seed: { type: 'string', value: 'S', help: 'seeds the draw', default: '0' },
    out: { type: 'string', value: 'DIR', help: 'where the samples go', default: 'the checkpoint\'s folder' },
    device: { type: 'string', value: 'cpu|webgpu', help: 'where to compute', default: 'cpu' },
  },
  notes: ['Example:', '  dnn sample MODEL runs/MODEL-VARIANT/checkpoint.safetensors --count 64'],
};

/** `dnn sample MODEL CHECKPOINT`: rebuilds the model from the checkpoint and lets its demo draw samples. */
export async function sample(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand(SAMPLE, argv);
  if (parsed.help) {
    io.stdout.write(formatHelp(SAMPLE));
    return 0;
  }
  const [name, path] = positionals('sample', parsed.positionals, ['MODEL', 'CHECKPOINT']) as [string, string];
  const entry = getModel(name, 'sample');
  if (!entry.sample) {
    throw new UsageError(`dnn sample: ${name} does not draw samples (generative demos: ${sampleable().join(', ') || 'none yet'})`, 'sample');
  }
  const count = integer('sample', 'count', parsed.values.count, 1) ?? 16;
  const seed = integer('sample', 'seed', parsed.values.seed, 0) ?? 0;
  const device = await openDevice(choice('sample', 'device', parsed.values.device, DEVICES) ?? 'cpu', 'sample');
  const ckpt = await loadCheckpoint(path);
  let model;
  try {
    if (ckpt.config.model !== name) throw new Error(`${path} holds a ${ckpt.config.model}, not a ${name}`);
    model = entry.build(checkpointVariant(entry, name, ckpt.config.variant, path), device);
    model.loadStateDict(ckpt.model);
  } finally {
    disposeCheckpoint(ckpt);
  }
  model.eval();
  const out = (parsed.values.out as string | undefined) ?? join(path, '..');
  io.stdout.write(await entry.sample(model, { count, seed, device, out }));
  return 0;
}
