import { writeFile } from 'node:fs/promises';
import { randn } from '@dnn/tensor';
import { toOnnx } from '@dnn/onnx';
import { formatHelp, parseCommand, positionals, type CommandSpec } from '../args';
import { disposeCheckpoint, loadCheckpoint } from '../checkpoint';
import { UsageError, type Io } from '../io';
import { checkpointVariant, getModel } from '../registry';

/** The batch size the forward pass is traced with (the one the ONNX tests trace with); the batch axis stays dynamic. */
const TRACE_BATCH = 3;

export const EXPORT: CommandSpec = {
  name: 'export',
  usage: 'dnn export MODEL CHECKPOINT --onnx FILE',
  summary: 'Writes the MODEL saved in CHECKPOINT (a checkpoint.safetensors written by dnn train) as an ONNX model (opset 17, any batch size) for ONNX Runtime or any other ONNX reader.',
  options: {
    onnx: { type: 'string', value: 'FILE', help: 'the .onnx file to write' },
  },
  notes: ['Example:', '  dnn export lenet5 runs/lenet5-modern/checkpoint.safetensors --onnx lenet5.onnx'],
};

export async function exportCommand(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand(EXPORT, argv);
  if (parsed.help) {
    io.stdout.write(formatHelp(EXPORT));
    return 0;
  }
  const [name, path] = positionals('export', parsed.positionals, ['MODEL', 'CHECKPOINT']) as [string, string];
  const out = parsed.values.onnx as string | undefined;
  if (out === undefined) throw new UsageError('dnn export: --onnx FILE is required', 'export');
  const entry = getModel(name, 'export');
  const ckpt = await loadCheckpoint(path);
  let model;
  try {
    if (ckpt.config.model !== name) throw new Error(`${path}: the checkpoint holds ${ckpt.config.model}, not ${name}`);
    const variant = checkpointVariant(entry, name, ckpt.config.variant, path);
    model = entry.build(variant);
    model.loadStateDict(ckpt.model);
  } finally {
    disposeCheckpoint(ckpt);
  }
  const bytes = toOnnx(model, randn([TRACE_BATCH, ...entry.inputShape]), {
    dynamicAxes: { input: { 0: 'batch' }, output: { 0: 'batch' } },
  });
  await writeFile(out, bytes);
  io.stdout.write(`wrote ${out} (${(bytes.length / 1e6).toFixed(2)} MB): input [batch, ${entry.inputShape.join(', ')}], opset 17\n`);
  return 0;
}
