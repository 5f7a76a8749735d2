import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuKernelInfo, setCpuThreads } from '@dnn/tensor';
import { checkXml, runCli, tempDir, type CliRun } from './test-helpers';

describe('dnn train output files', () => {
  let out: string;
  let run: CliRun;
  beforeAll(async () => {
    out = join(await tempDir(), 'quick');
    run = await runCli(['train', 'lenet5', '--subset', '--epochs', '2', '--max-steps', '2', '--batch-size', '16', '--out', out]);
  });

  it('says which data it used, with the counts, and prints one table row per epoch', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^data: Fashion-MNIST, embedded subset \(subset\) at \S+subset: 6,000 train \/ 1,000 test images; /m);
    expect(run.stdout).toContain('model: LeNet-5 (modern), 61,706 parameters; adamw lr 0.002 weight decay 0.05, cosine schedule; batch 16, 2 steps per epoch; seed 0; device cpu');
    expect(run.stdout).toMatch(/^epoch\s+train loss\s+test loss\s+test acc\s+img\/s\s+time$/m);
    expect(run.stdout).toMatch(/^1\s+\d\.\d{4}\s+\d\.\d{4}\s+\d+\.\d\d%\s+[\d,]+\s+\d+\.\ds$/m);
    expect(run.stdout).toMatch(/^2\s+\d\.\d{4}/m);
    expect(run.stdout).toContain(`done: test accuracy`);
    // stderr is not a terminal here: plain progress lines, the last of each epoch at 100%
    expect(run.stderr).toMatch(/^epoch 1\/2 100% 2\/2 loss \d\.\d{4} [\d,]+ img\/s \d+\.\ds$/m);
    expect(run.stderr).not.toContain('\r');
  });

  it('writes metrics.json with one record per epoch and the documented fields', async () => {
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, number>[];
    expect(metrics.map((m) => m.epoch)).toEqual([1, 2]);
    for (const m of metrics) {
      expect(Object.keys(m).sort()).toEqual(['epoch', 'imagesPerSecond', 'seconds', 'testAccuracy', 'testLoss', 'trainLoss']);
      expect(m.trainLoss).toBeGreaterThan(0);
      expect(m.testLoss).toBeGreaterThan(0);
      expect(m.testAccuracy).toBeGreaterThanOrEqual(0);
      expect(m.testAccuracy).toBeLessThanOrEqual(1);
      expect(Number.isInteger(m.testAccuracy! * 1000)).toBe(true); // a count out of 1,000 test images
      expect(m.imagesPerSecond).toBeGreaterThan(0);
      expect(m.seconds).toBeGreaterThan(0);
    }
  });

  it('draws curves.svg: well-formed, two panels with axes, ticks, lines and legends', async () => {
    const svg = await readFile(join(out, 'curves.svg'), 'utf8');
    const names = checkXml(svg);
    expect(names[0]).toBe('svg');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(names.filter((n) => n === 'polyline')).toHaveLength(3); // train loss, test loss, test accuracy
    expect(names.filter((n) => n === 'circle')).toHaveLength(6); // a marker per epoch per series
    expect(svg).toContain('>loss (cross entropy)</text>');
    expect(svg).toContain('>test accuracy</text>');
    expect(svg.match(/>epoch<\/text>/g)).toHaveLength(2);
    expect(svg).toMatch(/>1<\/text>[\s\S]*>2<\/text>/);
    expect(svg.match(/class="legend"/g)).toHaveLength(2);
    expect(svg).toMatch(/>\d+(\.\d+)?%<\/text>/); // accuracy ticks in percent
  });

  it('refuses an --out that holds a run', async () => {
    const again = await runCli(['train', 'lenet5', '--subset', '--epochs', '1', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds a checkpoint; pass --resume');
  });
});

describe('dnn summary', () => {
  it('prints the classic LeNet-5 with its 60,000 trainable parameters', async () => {
    const r = await runCli(['summary', 'lenet5', '--variant', 'classic']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('LeNet-5 (classic), input [1, 28, 28]');
    expect(r.stdout).toContain('total parameters: 60,000 (60,000 trainable), plus 840 fixed buffer values');
    expect(r.stdout).toMatch(/^c5\s+Conv2d\s+\[1, 120, 1, 1\]\s+48,120$/m);
  });

  it('defaults to the modern variant', async () => {
    const r = await runCli(['summary', 'lenet5']);
    expect(r.stdout).toContain('LeNet-5 (modern)');
    expect(r.stdout).toContain('total parameters: 61,706 (61,706 trainable)');
  });
});

describe('help', () => {
  it.each([
    [['--help'], 'Usage: dnn COMMAND [options]'],
    [['train', '--help'], 'Usage: dnn train MODEL [options]'],
    [['eval', '-h'], 'Usage: dnn eval CHECKPOINT [options]'],
    [['summary', '--help'], 'Usage: dnn summary MODEL [--variant NAME]'],
    [['data', '--help'], 'Usage: dnn data fetch fashion-mnist [--dir DIR]'],
    [['data', 'fetch', '--help'], 'Usage: dnn data fetch fashion-mnist [--dir DIR]'],
    [['augment', '--help'], 'Usage: dnn augment [options]'],
    [['export', '--help'], 'Usage: dnn export MODEL CHECKPOINT --onnx FILE'],
  ])('%j prints usage and exits 0', async (argv, usage) => {
    const r = await runCli(argv);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(usage)).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('train --help lists every option with its default', async () => {
    const { stdout } = await runCli(['train', '--help']);
    for (const flag of ['--variant NAME', '--epochs N', '--batch-size B', '--lr X', '--optimizer sgd|adam', '--momentum M', '--seed S',
      '--device cpu|webgpu', '--data DIR', '--subset', '--out DIR', '--resume', '--augment', '--max-steps N']) {
      expect(stdout).toContain(`  ${flag} `);
    }
    expect(stdout).toContain('(default: 15)');
    expect(stdout).toContain('(default: runs/MODEL-VARIANT)');
  });

  it('augment --help lists the study\'s options with their defaults', async () => {
    const { stdout } = await runCli(['augment', '--help']);
    for (const flag of ['--k LIST', '--seeds N', '--generators LIST', '--steps N', '--classifier-steps N', '--synthetic N', '--test N', '--data DIR', '--subset', '--out DIR']) {
      expect(stdout).toContain(`  ${flag} `);
    }
    expect(stdout).toContain('(default: 5,10,20)');
    expect(stdout).toContain('generators compared (cvae, cgan) (default: cvae,cgan)');
    expect(stdout).toContain('(default: runs/augment)');
  });

  it('the overview lists augment with its one-line help', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toContain('  augment  few-shot study: does adding generated images help a classifier? (table and plot)\n');
  });

  it('no command prints the overview and exits 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Commands:');
  });
});

describe('bad arguments', () => {
  it.each([
    [['summary', 'lenet6'], "dnn summary: unknown model 'lenet6' (known: lenet5, resnet20, resnet56, alexnet, googlenet, resnet18, resnet34, resnet50, resnet101, gcn, gat, sage, gin, rbm, dbn, dbm, bm-encoder, adding, char-lstm, seq2seq, vae, gan, flow)", "See 'dnn summary --help'."],
    [['train', 'alexnet'], "dnn train: alexnet takes [3, 224, 224] inputs; training here uses 28×28 grey Fashion-MNIST images (trainable: lenet5, resnet20, resnet56, gcn, gat, sage, gin, rbm, dbn, dbm, bm-encoder, adding, char-lstm, seq2seq, vae, gan, flow)", "See 'dnn train --help'."],
    [['summary', 'lenet5', '--variant', 'old'], "dnn summary: lenet5 has no variant 'old' (variants: modern, classic)", ''],
    [['train', 'lenet5', '--epochs', 'ten'], "dnn train: --epochs must be a positive integer, got 'ten'", ''],
    [['train', 'lenet5', '--epochs', '0'], "dnn train: --epochs must be a positive integer, got '0'", ''],
    [['train', 'lenet5', '--epochs', '1.5'], "dnn train: --epochs must be a positive integer, got '1.5'", ''],
    [['train', 'lenet5', '--lr=-1'], "dnn train: --lr must be a positive number, got '-1'", ''],
    [['train', 'lenet5', '--lr', '-1'], "dnn train: option '--lr' argument is ambiguous: write a value starting with '-' as --lr=VALUE", ''],
    [['train', 'lenet5', '--lr', 'fast'], "dnn train: --lr must be a positive number, got 'fast'", ''],
    [['train', 'lenet5', '--optimizer', 'rmsprop'], "dnn train: --optimizer must be one of sgd, adam, got 'rmsprop'", ''],
    [['train', 'lenet5', '--device', 'tpu'], "dnn train: --device must be one of cpu, webgpu, got 'tpu'", ''],
    [['train', 'lenet5', '--epochz', '3'], "dnn train: unknown option '--epochz'", "See 'dnn train --help'."],
    [['train', 'lenet5', '--epochs'], "dnn train: option '--epochs <value>' argument missing", ''],
    [['train'], 'dnn train: missing MODEL', ''],
    [['summary', 'lenet5', 'extra'], "dnn summary: unexpected argument 'extra'", ''],
    [['eval'], 'dnn eval: missing CHECKPOINT', ''],
    [['frobnicate'], "dnn: unknown command 'frobnicate' (commands: train, eval, summary, export, data, sample, augment)", "See 'dnn --help'."],
    [['data', 'fetch', 'mnist'], "dnn data fetch: unknown data set 'mnist' (known: fashion-mnist)", ''],
    [['data', 'pull'], "dnn data: unknown subcommand 'pull' (known: fetch)", ''],
  ])('%j is a usage error', async (argv, message, hint) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).toContain(hint || 'See');
    expect(r.stdout).toBe('');
  });

  it('--data pointing at nothing is an error, not a silent fallback to other data', async () => {
    const dir = await tempDir();
    const missing = await runCli(['train', 'lenet5', '--data', join(dir, 'nope'), '--out', join(dir, 'o1')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--data ${join(dir, 'nope')}: no such folder`);
    const empty = await runCli(['train', 'lenet5', '--data', dir, '--out', join(dir, 'o2')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(`--data ${dir} holds none of the Fashion-MNIST files (train-images-idx3-ubyte.gz`);
  });

  it('eval of a file that is not a checkpoint says so', async () => {
    const dir = await tempDir();
    const r = await runCli(['eval', join(dir, 'missing.safetensors')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`dnn: error: cannot read checkpoint ${join(dir, 'missing.safetensors')}: no such file\n`);
  });
});

describe('dnn train --threads', () => {
  it('runs the CPU kernels on the threads asked for, says so, and refuses fewer than one', async () => {
    const out = join(await tempDir(), 'threads');
    try {
      const r = await runCli(['train', 'lenet5', '--subset', '--epochs', '1', '--max-steps', '1', '--batch-size', '16', '--threads', '1', '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('; seed 0; device cpu, 1 thread(s)\n');
      expect(cpuKernelInfo().threads).toBe(1);
      const bad = await runCli(['train', 'lenet5', '--subset', '--threads', '0', '--out', out]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--threads');
    } finally {
      setCpuThreads(null);
    }
  });
});
