/**
 * docs/guides/pytorch-interop.md, run: every ```ts block of the guide appears below (the first test
 * checks it) and runs against files PyTorch wrote with the guide's ```python blocks
 * (tooling/fixtures/gen_pytorch_interop_guide.py, which the first test checks holds them).
 */
import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d, Conv2d, LENET5_C3_TABLE } from '@dnn/conv';
import { Flatten, Generator, Linear, ReLU, Sequential, loadStateDict, noGrad, saveStateDict, tensor, type Tensor } from '@dnn/tensor';
import { captureState, encodeState } from '@dnn/train';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(root, 'apps/cli/fixtures/pytorch-interop');
const out = mkdtempSync(join(tmpdir(), 'dnn-guide-'));
// the guide's code names files relative to its working folder: PyTorch's files are the fixtures
const readFileSync = (name: string) => fs.readFileSync(fs.existsSync(join(out, name)) ? join(out, name) : join(fixtures, name));
const writeFileSync = (name: string, data: Uint8Array) => fs.writeFileSync(join(out, name), data);
const json = (name: string) => JSON.parse(fs.readFileSync(join(fixtures, name), 'utf8'));
const asInput = (s: { shape: number[]; data: number[] }) => tensor(Float32Array.from(s.data), { shape: s.shape });

function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}
const lines = (code: string) => code.split('\n').map((l) => l.trim()).filter(Boolean).join('\n');

function worstRelative(actual: ArrayLike<number>, expected: number[]): number {
  return expected.reduce((w, e, i) => Math.max(w, Math.abs(actual[i]! - e) / (1e-3 + Math.abs(e))), 0);
}

describe('docs/guides/pytorch-interop.md', () => {
  it('shows only code that runs here (TypeScript) or in the fixture script (Python)', () => {
    const guide = fs.readFileSync(join(root, 'docs/guides/pytorch-interop.md'), 'utf8');
    const ts = lines(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8'));
    const py = lines(fs.readFileSync(join(root, 'tooling/fixtures/gen_pytorch_interop_guide.py'), 'utf8'));
    expect(blocks(guide, 'ts').length).toBe(4);
    expect(blocks(guide, 'python').length).toBe(3);
    for (const b of blocks(guide, 'ts')) expect(ts, b).toContain(lines(b));
    for (const b of blocks(guide, 'python')) expect(py, b).toContain(lines(b));
  });

  it('PyTorch → dnn → PyTorch: a BatchNorm network loads strictly, computes PyTorch’s output, and is written back byte for byte', async () => {
    const net = new Sequential(
      new Conv2d(1, 4, 3), new BatchNorm2d(4), new ReLU(),
      new Flatten(), new Linear(4 * 6 * 6, 3),
    );
    const result = net.loadStateDict(loadStateDict(readFileSync('net.safetensors')), { strict: true });
    net.eval();

    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const { input, output, keys } = json('net.json');
    expect(Object.keys(net.stateDict()).sort()).toEqual([...keys].sort());
    const nbt = net.stateDict()['1.num_batches_tracked']!;
    expect([nbt.dtype, nbt.item()]).toEqual(['int32', 1]);
    expect(worstRelative(noGrad(() => net.forward(asInput(input))).dataSync(), output.data)).toBeLessThan(1e-5);

    writeFileSync('net-dnn.safetensors', await saveStateDict(net.stateDict()));

    // the bytes PyTorch loaded in the guide's Python block, and its output after loading them
    expect(Buffer.from(readFileSync('net-dnn.safetensors')).equals(fs.readFileSync(join(fixtures, 'net-dnn.safetensors')))).toBe(true);
    const back = json('torch-from-dnn.json');
    expect(back.num_batches_tracked_dtype).toBe('torch.int64');
    expect(back.output.data).toEqual(output.data);
  });

  it('a checkpoint written by @dnn/train keeps the model under model., which the guide strips on both sides', async () => {
    const model = new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4), new ReLU(), new Flatten(), new Linear(4 * 6 * 6, 3));
    const bytes = await encodeState(captureState({ model, generator: new Generator(0), logs: [] }, 3));
    writeFileSync('checkpoint.safetensors', bytes);

    const checkpoint = loadStateDict(readFileSync('checkpoint.safetensors'));
    const state = Object.fromEntries(
      Object.entries(checkpoint).filter(([k]) => k.startsWith('model.')).map(([k, t]) => [k.slice('model.'.length), t]),
    );

    expect(Object.keys(state).sort()).toEqual(Object.keys(model.stateDict()).sort());
    expect(model.loadStateDict(state as Record<string, Tensor>, { strict: true })).toEqual({ missingKeys: [], unexpectedKeys: [] });
    // the Python side kept the same keys from a checkpoint of the same layout
    expect(json('checkpoint.json').keys).toEqual(Object.keys(state).sort());
  });

  it('LeNet-5’s C3: the compact weight from PyTorch’s masked Conv2d gives PyTorch’s output, and fullWeight() gives its weight back', () => {
    const c3 = new Conv2d(6, 16, 5, { connections: LENET5_C3_TABLE });
    const rows = LENET5_C3_TABLE.flatMap((inputs, out) => inputs.map((i) => out * 6 + i));
    const torchState = loadStateDict(readFileSync('c3.safetensors')); // weight [16, 6, 5, 5], bias [16]
    c3.loadStateDict({
      weight: torchState.weight!.reshape([16 * 6, 5, 5]).indexSelect(0, tensor(rows, { dtype: 'int32' })),
      bias: torchState.bias!,
    });
    const full = c3.fullWeight(); // [16, 6, 5, 5], for PyTorch's Conv2d(6, 16, 5)

    const { input, output, table } = json('c3.json');
    expect(table).toEqual(LENET5_C3_TABLE);
    expect(c3.weight.shape).toEqual([60, 5, 5]);
    // PyTorch's masked kernels hold -0 where a negative weight was zeroed; dnn's hold 0
    const plain = (t: Tensor) => Array.from(t.dataSync(), (v) => v + 0);
    expect(plain(full)).toEqual(plain(torchState.weight!));
    // float32 sums of 150 products in another order: a few ulps apart
    expect(worstRelative(noGrad(() => c3.forward(asInput(input))).dataSync(), output.data)).toBeLessThan(1e-4);
  });
});
