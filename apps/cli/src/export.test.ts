import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { manualSeed, noGrad, randn } from '@dnn/tensor';
import { saveCheckpoint } from './checkpoint';
import type { TrainConfig } from './config';
import { MODELS } from './registry';
import { runCli, tempDir } from './test-helpers';

const config: TrainConfig = { model: 'lenet5', variant: 'classic', optimizer: 'sgd', lr: 0.05, momentum: 0.9, batchSize: 4, epochs: 1, seed: 3, augment: false, maxSteps: null, schedule: 'cosine' };

describe('dnn export', () => {
  it('writes a checkpoint as ONNX that ONNX Runtime runs like the model, on any batch size', async () => {
    manualSeed(21);
    const model = MODELS.lenet5!.build('classic');
    const dir = await tempDir();
    const ckpt = join(dir, 'checkpoint.safetensors');
    await saveCheckpoint(ckpt, {
      config, epoch: 1, generator: { key: [1, 2], offset: 0 }, metrics: [], model: model.stateDict(), optimizer: { state: {}, paramGroups: [] },
    });
    const out = join(dir, 'lenet5.onnx');
    const r = await runCli(['export', 'lenet5', ckpt, '--onnx', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*lenet5\.onnx \(0\.\d\d MB\): input \[batch, 1, 28, 28\], opset 17\n$/);

    const x = randn([2, 1, 28, 28]);
    const session = await ort.InferenceSession.create(await readFile(out));
    const got = (await session.run({ input: new ort.Tensor('float32', x.dataSync() as Float32Array, [2, 1, 28, 28]) })).output!;
    model.eval();
    const want = noGrad(() => model.forward(x)).dataSync();
    expect(got.dims).toEqual([2, 10]);
    (got.data as Float32Array).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(want[i]!))));
    await session.release();
  });

  it('asks for --onnx FILE when it is missing', async () => {
    const missing = await runCli(['export', 'lenet5', 'ckpt.safetensors']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("dnn export: --onnx FILE is required\nSee 'dnn export --help'.\n");
  });
});
