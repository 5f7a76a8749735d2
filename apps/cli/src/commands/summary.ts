import { formatSummary } from '@dnn/models';
import { formatHelp, parseCommand, positionals, type CommandSpec } from '../args';
import type { Io } from '../io';
import { getModel, getVariant, MODELS } from '../registry';

export const SUMMARY: CommandSpec = {
  name: 'summary',
  usage: 'dnn summary MODEL [--variant NAME]',
  summary: `Prints MODEL's layers, their output shapes and parameter counts. Models: ${Object.entries(MODELS).map(([n, m]) => `${n} (${m.variants.join(', ')})`).join('; ')}.`,
  options: {
    variant: { type: 'string', value: 'NAME', help: 'model variant', default: 'the model\'s first variant' },
  },
  notes: ['Example:', '  dnn summary lenet5 --variant classic'],
};

export async function summary(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand(SUMMARY, argv);
  if (parsed.help) {
    io.stdout.write(formatHelp(SUMMARY));
    return 0;
  }
  const [name] = positionals('summary', parsed.positionals, ['MODEL']) as [string];
  const entry = getModel(name, 'summary');
  const variant = getVariant(entry, name, parsed.values.variant as string | undefined, 'summary');
  const model = entry.build(variant);
  io.stdout.write(`${entry.title} (${variant}), input [${entry.inputShape.join(', ')}]\n\n${formatSummary(model, entry.inputShape)}\n`);
  return 0;
}
