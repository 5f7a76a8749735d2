import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx, FASHION_MNIST_FILES, fashionMnist } from '@dnn/data';
import { tensor } from '@dnn/tensor';
import { disposeCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { runCli, tempDir } from './test-helpers';

/** A Fashion-MNIST-shaped folder with `train` and `test` images of rows×cols (all grey 128, labels 0..9). */
async function fakeData(dir: string, o: { train: number; test: number; rows?: number; cols?: number }): Promise<string> {
  const rows = o.rows ?? 28;
  const cols = o.cols ?? 28;
  await mkdir(dir, { recursive: true });
  const images = (n: number) => gzipSync(encodeIdx([n, rows, cols], new Uint8Array(n * rows * cols).fill(128)));
  const labels = (n: number) => gzipSync(encodeIdx([n], Uint8Array.from({ length: n }, (_, i) => i % 10)));
  await writeFile(join(dir, FASHION_MNIST_FILES.trainImages), images(o.train));
  await writeFile(join(dir, FASHION_MNIST_FILES.trainLabels), labels(o.train));
  await writeFile(join(dir, FASHION_MNIST_FILES.testImages), images(o.test));
  await writeFile(join(dir, FASHION_MNIST_FILES.testLabels), labels(o.test));
  return dir;
}

const quick = (out: string, ...more: string[]) => ['train', 'lenet5', '--subset', '--epochs', '1', '--max-steps', '2', '--batch-size', '16', '--out', out, ...more];

describe('reliability (issue 14)', () => {
  it('stops at the first non-finite loss, naming epoch and step, exits 1 and writes no checkpoint of NaN weights', async () => {
    const out = join(await tempDir(), 'nan');
    const r = await runCli(['train', 'lenet5', '--subset', '--epochs', '1', '--max-steps', '20', '--batch-size', '16', '--lr', '1e6', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dnn: error: fit: non-finite (loss|testLoss|weights) \((NaN|Infinity|-Infinity)\) at epoch 1/);
    expect(r.stderr).toContain('no epoch finished, so there is no checkpoint');
    expect(r.stdout).not.toContain('done:');
    expect(await readdir(out)).toEqual([]);
  });

  it('eval warns about non-finite weights; a checkpoint whose variant is unknown is refused', async () => {
    const dir = await tempDir();
    const out = join(dir, 'run');
    expect((await runCli(quick(out))).code).toBe(0);
    const path = join(out, 'checkpoint.safetensors');
    const c = await loadCheckpoint(path);
    const w = c.model['c1.weight']!;
    c.model['c1.weight'] = tensor(new Float32Array(w.size).fill(Number.NaN), { shape: w.shape });
    await saveCheckpoint(join(dir, 'nan.safetensors'), c);
    c.config = { ...c.config, variant: 'bogus' };
    await saveCheckpoint(join(dir, 'bogus.safetensors'), c);
    disposeCheckpoint(c);
    const nan = await runCli(['eval', join(dir, 'nan.safetensors'), '--subset']);
    expect(nan.stderr).toContain(`warning: ${join(dir, 'nan.safetensors')} holds non-finite weights (NaN or infinite, first in c1.weight)`);
    const bogus = await runCli(['eval', join(dir, 'bogus.safetensors'), '--subset']);
    expect(bogus.code).toBe(1);
    expect(bogus.stderr).toBe(`dnn: error: ${join(dir, 'bogus.safetensors')}: the checkpoint's lenet5 variant 'bogus' is not one of modern, classic\n`);
  });

  it('resumes a run whose metrics hold NaN, keeping NaN as NaN (not null) in metrics.json', async () => {
    const out = join(await tempDir(), 'run');
    expect((await runCli(quick(out))).code).toBe(0);
    const path = join(out, 'checkpoint.safetensors');
    const c = await loadCheckpoint(path);
    c.metrics[0]!.testLoss = Number.NaN;
    await saveCheckpoint(path, c);
    disposeCheckpoint(c);
    const r = await runCli([...quick(out), '--epochs', '2', '--resume']);
    expect(r.stderr).not.toContain('TypeError');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1\s+\d\.\d{4}\s+NaN\s/m);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>[];
    expect(metrics.map((m) => m.testLoss)).toEqual(['NaN', expect.any(Number)]);
  });

  it('refuses an empty training set before training', async () => {
    const dir = await tempDir();
    const data = await fakeData(join(dir, 'empty'), { train: 0, test: 10 });
    const r = await runCli(['train', 'lenet5', '--data', data, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`dnn: error: dnn train: the training set (the --data folder at ${data}) holds no images; nothing to train on\n`);
  });

  it('checks --out is writable before training, naming the folder', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'not a folder');
    const r = await runCli(quick(join(dir, 'file', 'out')));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`dnn: error: cannot write to the output folder ${join(dir, 'file', 'out')}: not a folder\n`);
    expect(r.stdout).toBe('');
  });

  it('repairs a torn metrics.json and a missing curves.svg on --resume, and removes temp files of killed writes', async () => {
    const out = join(await tempDir(), 'run');
    expect((await runCli(quick(out))).code).toBe(0);
    const metrics = await readFile(join(out, 'metrics.json'), 'utf8');
    await writeFile(join(out, 'metrics.json'), '');
    await rm(join(out, 'curves.svg'));
    await writeFile(join(out, '.checkpoint.safetensors.999.abc.tmp'), 'torn');
    await writeFile(join(out, '.metrics.json.999.abc.tmp'), '[');
    const r = await runCli([...quick(out), '--resume']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('already trained 1 epoch');
    expect(JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'))).toEqual(JSON.parse(metrics));
    expect((await stat(join(out, 'curves.svg'))).size).toBeGreaterThan(1000);
    expect((await readdir(out)).sort()).toEqual(['checkpoint.safetensors', 'curves.svg', 'metrics.json']);
  });

  it('--resume refuses to continue on other data than the run started with', async () => {
    const dir = await tempDir();
    const copy = join(dir, 'copy');
    await cp((await fashionMnist({ subset: true })).path, copy, { recursive: true });
    const out = join(dir, 'run');
    expect((await runCli(['train', 'lenet5', '--data', copy, '--epochs', '1', '--max-steps', '1', '--batch-size', '8', '--out', out])).code).toBe(0);
    const r = await runCli(['train', 'lenet5', '--subset', '--epochs', '2', '--out', out, '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^dnn train: --resume: the run in \\S+ trained on ${copy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, but this command would train on the embedded subset \\(.+\\); resume with the same data \\(--data ${copy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`));
  });

  it('checks the image size against the model, naming both', async () => {
    const dir = await tempDir();
    const data = await fakeData(join(dir, 'small'), { train: 20, test: 10, rows: 10, cols: 10 });
    const r = await runCli(['train', 'lenet5', '--data', data, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`dnn: error: dnn train: the training images (the --data folder at ${data}) are 10×10 grey, but LeNet-5 takes [1, 28, 28] inputs (28×28 grey)\n`);
  });
});
