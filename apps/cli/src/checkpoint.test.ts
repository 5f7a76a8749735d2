import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossEntropy, manualSeed, randn, safetensors, tensor, tidy } from '@dnn/tensor';
import { decodeCheckpoint, disposeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint';
import type { TrainConfig } from './config';
import { makeOptimizer } from './optimizer';
import { MODELS } from './registry';
import { tempDir } from './test-helpers';

const config: TrainConfig = { model: 'lenet5', variant: 'modern', optimizer: 'sgd', lr: 0.05, momentum: 0.9, batchSize: 4, epochs: 5, seed: 3, augment: false, maxSteps: null, schedule: 'cosine' };

function trainedCheckpoint(): Checkpoint {
  manualSeed(3);
  const model = MODELS.lenet5!.build('modern');
  const optimizer = makeOptimizer(model, config);
  tidy(() => {
    crossEntropy(model.forward(randn([4, 1, 28, 28])), tensor([1, 2, 3, 4], { dtype: 'int32' })).backward();
    optimizer.step();
    optimizer.zeroGrad();
  });
  return {
    config, epoch: 2, generator: { key: [12345, 678], offset: 4242 },
    metrics: [{ epoch: 1, trainLoss: 1.5, testLoss: 1.25, testAccuracy: 0.5, imagesPerSecond: 100, seconds: 3 }],
    model: model.stateDict(), optimizer: optimizer.stateDict(),
  };
}

describe('checkpoint', () => {
  it('round-trips model, optimizer state and metadata exactly', async () => {
    const c = trainedCheckpoint();
    const back = decodeCheckpoint(await encodeCheckpoint(c), 'mem');
    expect(back.config).toEqual(config);
    expect(back.epoch).toBe(2);
    expect(back.generator).toEqual({ key: [12345, 678], offset: 4242 });
    expect(back.metrics).toEqual(c.metrics);
    expect(Object.keys(back.model).sort()).toEqual(Object.keys(c.model).sort());
    for (const [k, t] of Object.entries(c.model)) expect(back.model[k]!.dataSync(), k).toEqual(t.dataSync());
    expect(back.optimizer.paramGroups).toEqual(c.optimizer.paramGroups);
    expect(Object.keys(back.optimizer.state)).toHaveLength(10);
    const momentum = c.optimizer.state[4]!.momentumBuffer as { dataSync(): Float32Array };
    expect((back.optimizer.state[4]!.momentumBuffer as { dataSync(): Float32Array }).dataSync()).toEqual(momentum.dataSync());
    disposeCheckpoint(back);
  });

  it('is a plain safetensors file: model.* and optim.state.* tensors, the rest in __metadata__', async () => {
    const c = trainedCheckpoint();
    const { tensors, metadata } = safetensors.decode(await encodeCheckpoint(c));
    expect(tensors['model.c1.weight']!.shape).toEqual([6, 1, 5, 5]);
    expect(tensors['optim.state.0.momentumBuffer']!.shape).toEqual([6, 1, 5, 5]);
    expect(Object.keys(tensors).filter((k) => k.startsWith('model.'))).toHaveLength(10);
    expect(metadata).toMatchObject({ format: 'dnn-training-checkpoint', version: '1', model: 'lenet5', variant: 'modern', epoch: '2', seed: '3' });
    expect(JSON.parse(metadata.generator!)).toEqual({ key: [12345, 678], offset: 4242 });
  });

  it('saves to disk and loads back; other safetensors files are refused by name', async () => {
    const dir = await tempDir();
    const path = join(dir, 'checkpoint.safetensors');
    await saveCheckpoint(path, trainedCheckpoint());
    const back = await loadCheckpoint(path);
    expect(back.epoch).toBe(2);
    disposeCheckpoint(back);
    const plain = join(dir, 'weights.safetensors');
    await writeFile(plain, await safetensors.encode({ w: tensor([1, 2, 3]) }));
    await expect(loadCheckpoint(plain)).rejects.toThrow(`${plain} is not a dnn training checkpoint (its metadata has no format 'dnn-training-checkpoint')`);
  });

  it('tensors named model.__proto__ or model.toString stay entries, so loading the model refuses them', async () => {
    const c = trainedCheckpoint();
    for (const extra of ['__proto__', 'toString']) {
      const { tensors, metadata } = safetensors.decode(await encodeCheckpoint(c));
      const withExtra = Object.fromEntries([...Object.entries(tensors), [`model.${extra}`, tensor([1])]]);
      const back = decodeCheckpoint(await safetensors.encode(withExtra, { metadata }), 'x.safetensors');
      expect(Object.keys(back.model)).toContain(extra);
      expect(Object.getPrototypeOf(back.model)).toBe(Object.prototype);
      disposeCheckpoint(back);
    }
  });

  it('a truncated checkpoint: the safetensors error names the file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'checkpoint.safetensors');
    const bytes = await encodeCheckpoint(trainedCheckpoint());
    await writeFile(path, bytes.subarray(0, bytes.length - 8));
    await expect(loadCheckpoint(path)).rejects.toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: safetensors: tensor .* run past the data section`));
  });
});
