import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Generator, Linear, Module, Tensor, crossEntropy, multinomial, nn, noGrad, tensor, type Device } from '@dnn/tensor';
import { LSTM } from '@dnn/recurrent';
import { UsageError } from '../io';
import { sequenceData } from './sequence-data';
import type { Demo } from './types';

/** Tokens: printable ASCII (space … ~), newline, and one token for every other character. */
const VOCAB = 97, NEWLINE = 95, OTHER = 96, STEPS = 64;
const encodeChar = (c: number): number => (c >= 32 && c <= 126 ? c - 32 : c === 10 ? NEWLINE : OTHER);
const decodeToken = (t: number): string => (t < 95 ? String.fromCharCode(t + 32) : t === NEWLINE ? '\n' : '?');

/** Embedding → LSTM → linear: the next character's logits [N, T, 97] for every position of x [N, T]. */
class CharLSTM extends Module {
  embedding: nn.Embedding;
  lstm: LSTM;
  head: Linear;
  constructor(variant: string, device?: Device) {
    super();
    const hidden = variant === 'large' ? 256 : 128;
    this.embedding = new nn.Embedding(VOCAB, 32, { device });
    this.lstm = new LSTM(32, hidden, { batchFirst: true, numLayers: variant === 'large' ? 2 : 1, device });
    this.head = new Linear(hidden, VOCAB, { device });
  }
  forward(x: Tensor, state?: readonly [Tensor, Tensor]): Tensor {
    return this.run(x, state).logits;
  }
  run(x: Tensor, state?: readonly [Tensor, Tensor]): { logits: Tensor; state: [Tensor, Tensor] } {
    const r = this.lstm.forward(this.embedding.forward(x.cast('int32')), state);
    return { logits: this.head.forward(r.output), state: [r.hN, r.cN] };
  }
}

/**
 * The text to learn: every .txt file in --data DIR, or else this project's own documentation (README.md
 * and docs/architecture.md, under the repository's MIT licence).
 */
async function readText(dir: string | undefined, command: string): Promise<{ text: string; origin: string }> {
  if (dir !== undefined) {
    const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort() : [];
    if (!files.length) throw new UsageError(`dnn ${command}: --data ${dir}: no .txt files to learn from`, command);
    return { text: (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n'), origin: `${dir}/{${files.join(',')}}` };
  }
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'docs', 'architecture.md'))) {
    if (dirname(root) === root) throw new UsageError(`dnn ${command}: no text found; pass --data DIR with .txt files`, command);
    root = dirname(root);
  }
  const parts = await Promise.all(['README.md', 'docs/architecture.md'].map((f) => readFile(join(root, f), 'utf8')));
  return { text: parts.join('\n'), origin: `${root}/{README.md,docs/architecture.md}` };
}

/** Non-overlapping windows of STEPS characters: x the window, y the window shifted by one. */
function windows(tokens: Int32Array): [Tensor, Tensor] {
  const n = Math.floor((tokens.length - 1) / STEPS);
  const x = new Float32Array(n * STEPS), y = new Int32Array(n * STEPS);
  for (let i = 0; i < n * STEPS; i++) {
    x[i] = tokens[i]!;
    y[i] = tokens[i + 1]!;
  }
  return [tensor(x, { shape: [n, STEPS] }), tensor(y, { shape: [n, STEPS] })];
}

/** Text generated one character at a time, each drawn from softmax(logits / temperature). */
function generate(model: CharLSTM, length: number, temperature: number, generator: Generator, device: Device): string {
  return noGrad(() => {
    let token = NEWLINE, state: [Tensor, Tensor] | undefined;
    let out = '';
    for (let i = 0; i < length; i++) {
      const r = model.run(tensor([[token]], { dtype: 'int32', device }), state);
      state = r.state;
      const probs = r.logits.reshape([VOCAB]).div(temperature).softmax(-1);
      token = Number(multinomial(probs, 1, { generator }).dataSync()[0]);
      out += decodeToken(token);
    }
    return out;
  });
}

/** A character-level LSTM language model; the test figure is bits per character on the last 10% of the text. */
export const charLstmDemo: Demo = {
  title: 'Character-level LSTM language model',
  variants: ['small', 'large'],
  defaultVariant: 'small',
  inputShape: [STEPS],
  build: (variant, device) => new CharLSTM(variant, device),
  defaults: () => ({ optimizer: 'adam', lr: 0.003, momentum: 0, batchSize: 32, epochs: 10 }),
  dataName: 'text',
  data: async (o) => {
    const { text, origin } = await readText(o.dir, o.command);
    const tokens = Int32Array.from(text, (ch) => encodeChar(ch.charCodeAt(0)));
    const cut = Math.floor(tokens.length * 0.9);
    const train = windows(tokens.subarray(0, cut)), test = windows(tokens.subarray(cut));
    return sequenceData(o, { train, test },
      `data: ${tokens.length} characters from ${origin}: ${train[0].shape[0]} train / ${test[0].shape[0]} test windows of ${STEPS}`,
      { source: o.dir === undefined ? 'project docs' : 'dir', path: origin });
  },
  loss: (logits, y) => crossEntropy(logits.reshape([-1, VOCAB]), y.reshape([-1])),
  lossName: 'cross entropy per character (nats)',
  metrics: {
    bitsPerChar: (logits, y) => crossEntropy(logits.reshape([-1, VOCAB]), y.reshape([-1]), { reduction: 'none' })
      .reshape(y.shape).mean(1).sum().div(Math.LN2),
  },
  unit: { short: 'seq', long: 'sequences' },
  sample: async (model, o) => {
    const m = model as CharLSTM;
    m.eval();
    const generator = new Generator(o.seed);
    const blocks: string[] = [];
    for (let i = 0; i < o.count; i++) {
      for (const t of [0.5, 0.8, 1.0]) blocks.push(`--- sample ${i + 1}, temperature ${t}\n${generate(m, 300, t, generator, o.device)}`);
    }
    const file = join(o.out, 'samples.txt');
    await writeFile(file, `${blocks.join('\n')}\n`);
    return `${blocks.join('\n')}\n\nwritten to ${file}\n`;
  },
};
