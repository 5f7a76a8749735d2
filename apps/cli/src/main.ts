import { DnnError } from '@dnn/tensor';
import { augment } from './commands/augment';
import { data } from './commands/data';
import { evalCommand } from './commands/eval';
import { exportCommand } from './commands/export';
import { summary } from './commands/summary';
import { sample, sampleable } from './commands/sample';
import { train } from './commands/train';
import { UsageError, type Io } from './io';

const COMMANDS: Record<string, { run: (argv: readonly string[], io: Io) => Promise<number>; help: string }> = {
  train: { run: train, help: 'train a model on Fashion-MNIST (checkpoints, metrics.json, curves.svg)' },
  eval: { run: evalCommand, help: 'test accuracy of a checkpoint, per class' },
  summary: { run: summary, help: 'layers, output shapes and parameter counts of a model' },
  export: { run: exportCommand, help: 'write a trained checkpoint as an ONNX model' },
  data: { run: data, help: 'data sets: `data fetch fashion-mnist` downloads Fashion-MNIST' },
  sample: { run: sample, help: 'draw samples from a trained generative model' },
  augment: { run: augment, help: 'few-shot study: does adding generated images help a classifier? (table and plot)' },
};

/** The commands to list: `sample` only once a generative demo exists to use it. */
const listed = (): string[] => Object.keys(COMMANDS).filter((c) => c !== 'sample' || sampleable().length > 0);

function topHelp(prog: string): string {
  const width = Math.max(...listed().map((c) => c.length));
  return [
    `Usage: ${prog} COMMAND [options]`,
    '',
    'dnn: train and evaluate neural networks from the terminal.',
    '',
    'Commands:',
    ...listed().map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]!.help}`),
    '',
    `Run '${prog} COMMAND --help' for a command's options.`,
    '',
  ].join('\n');
}

/** Runs one command line; returns the exit code. Errors are printed to io.stderr, never thrown. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const prog = io.prog ?? 'dnn';
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(topHelp(prog));
    return command === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!entry) throw new UsageError(`${prog}: unknown command '${command}' (commands: ${listed().join(', ')})`);
    return await entry.run(rest, io);
  } catch (e) {
    // a progress bar may be half drawn on a terminal: clear its line so the message starts clean
    if (io.stderr.isTTY) io.stderr.write('\r\x1b[2K');
    if (e instanceof UsageError) {
      io.stderr.write(`${e.message}\n${e.command ? `See '${prog} ${e.command} --help'.` : `See '${prog} --help'.`}\n`);
      return 2;
    }
    const err = e as Error;
    // errors carry their own context (op, shapes, file); a stack helps only with what looks like a bug
    const bug = e instanceof TypeError || e instanceof ReferenceError || !(e instanceof Error);
    const showStack = process.env.DNN_DEBUG === '1' || (bug && !(e instanceof DnnError));
    io.stderr.write(`${prog}: error: ${err?.message ?? String(e)}\n${showStack && err?.stack ? `${err.stack}\n` : ''}`);
    return 1;
  }
}

/** The process entry: real stdout/stderr, Ctrl-C as an abort signal (twice to quit at once), exit code. */
export async function runProcess(prog = 'dnn'): Promise<void> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\ninterrupted again: quitting now\n');
      process.exit(130);
    }
    controller.abort();
    process.stderr.write('\nstopping after this step (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal, prog });
  process.off('SIGINT', onSigint);
  // a WebGPU device can keep the event loop alive; the work is done, so leave explicitly
  process.exit(code);
}
