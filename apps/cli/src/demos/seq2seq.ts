import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Generator, Module, Tensor, crossEntropy, randint, tensor, type Device } from '@dnn/tensor';
import { Seq2Seq } from '@dnn/recurrent';
import { sequenceData } from './sequence-data';
import type { Demo } from './types';

const DIGITS = 10, BOS = 10, LENGTH = 6, TRAIN = 20_000, TEST = 1_000;

/**
 * Seq2Seq reversing digit strings. Input x = [source digits, decoder input (bos + reversed digits
 * but the last)] as one [N, 2·LENGTH] row. Training feeds the true previous digit (teacher forcing);
 * in eval mode the model decodes greedily from its own outputs, so test loss and exact match are
 * those of free-running decoding.
 */
class Reverser extends Module {
  seq2seq: Seq2Seq;
  constructor(variant: string, device?: Device) {
    super();
    this.seq2seq = new Seq2Seq(DIGITS, DIGITS + 1, { embeddingDim: 16, hiddenSize: 64, bos: BOS, attention: variant === 'additive' ? 'additive' : 'luong', device });
  }
  forward(x: Tensor): Tensor {
    const tokens = x.cast('int32');
    const source = tokens.narrow(1, 0, LENGTH);
    if (!this.training) return this.seq2seq.greedy(source, LENGTH).logits!;
    return this.seq2seq.forward(source, tokens.narrow(1, LENGTH, LENGTH)).tokens;
  }
}

/** Random digit strings, the test set first and the training set without any test string. */
function reversalSets(seed: number): { train: [Tensor, Tensor]; test: [Tensor, Tensor] } {
  const draw = (n: number, s: number) => Array.from(randint(0, DIGITS, [n, LENGTH], { generator: new Generator(s) }).dataSync(), Number);
  const rows = (flat: number[]) => Array.from({ length: flat.length / LENGTH }, (_, i) => flat.slice(i * LENGTH, (i + 1) * LENGTH));
  const test = rows(draw(TEST, 2 * seed + 2));
  const held = new Set(test.map((r) => r.join('')));
  const train = rows(draw(Math.ceil(TRAIN * 1.05), 2 * seed + 1)).filter((r) => !held.has(r.join(''))).slice(0, TRAIN);
  const pack = (list: number[][]): [Tensor, Tensor] => {
    const reversed = list.map((r) => [...r].reverse());
    const x = list.map((r, i) => [...r, BOS, ...reversed[i]!.slice(0, LENGTH - 1)]);
    return [tensor(x, { dtype: 'float32' }), tensor(reversed, { dtype: 'int32' })];
  };
  return { train: pack(train), test: pack(test) };
}

/** The attention weights [T, S] as an SVG heat map: rows are output digits, columns source digits. */
function heatMap(weights: number[][], source: number[], output: number[]): string {
  const cell = 28, left = 40, top = 40;
  const rects = weights.flatMap((row, t) => row.map((w, s) => {
    const shade = Math.round(255 * (1 - w));
    return `<rect x="${left + s * cell}" y="${top + t * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)"/>`;
  }));
  const labels = [
    ...source.map((d, s) => `<text x="${left + s * cell + cell / 2}" y="${top - 10}" text-anchor="middle">${d}</text>`),
    ...output.map((d, t) => `<text x="${left - 12}" y="${top + t * cell + cell / 2 + 5}" text-anchor="middle">${d}</text>`),
  ];
  const w = left + source.length * cell + 10, h = top + output.length * cell + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="monospace" font-size="14">\n${[...rects, ...labels].join('\n')}\n</svg>\n`;
}

/** Reversing 6-digit strings with attention; test figures are from greedy decoding of held-out strings. */
export const seq2seqDemo: Demo = {
  title: 'Seq2seq with attention: reversing digit strings',
  variants: ['luong', 'additive'],
  defaultVariant: 'luong',
  inputShape: [2 * LENGTH],
  build: (variant, device) => new Reverser(variant, device),
  defaults: () => ({ optimizer: 'adam', lr: 0.003, momentum: 0, batchSize: 64, epochs: 5 }),
  dataName: 'digit-string reversal',
  data: async (o) => sequenceData(o, reversalSets(o.seed),
    `data: reversing ${LENGTH}-digit strings: ${TRAIN} train / ${TEST} held-out test strings drawn from seed ${o.seed}`,
    { source: 'generated', path: `reverse-digits L=${LENGTH} seed=${o.seed}` }),
  loss: (logits, y) => crossEntropy(logits.reshape([-1, DIGITS + 1]), y.reshape([-1])),
  lossName: 'cross entropy per digit',
  metrics: { exactMatch: (logits, y) => logits.argmax(-1).eq(y).all(1).sum() },
  unit: { short: 'seq', long: 'sequences' },
  sample: async (model, o) => {
    const m = (model as Reverser).seq2seq;
    m.eval();
    const source = randint(0, DIGITS, [o.count, LENGTH], { generator: new Generator(o.seed), device: o.device });
    const { tokens, weights } = m.greedy(source, LENGTH);
    const src = (await source.array()) as number[][], out = (await tokens.array()) as number[][], att = (await weights.array()) as number[][][];
    const lines = src.map((s, i) => `${s.join('')} → ${out[i]!.join('')}${out[i]!.join('') === [...s].reverse().join('') ? '' : '  (wrong)'}`);
    const file = join(o.out, 'attention.svg');
    await writeFile(file, heatMap(att[0]!, src[0]!, out[0]!));
    return `${lines.join('\n')}\nattention of the first string (rows: output digits, columns: source digits) written to ${file}\n`;
  },
};
