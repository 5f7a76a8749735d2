import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { tensor, noGrad, safetensors } from '@dnn/tensor';
import { cifarResNet } from '../resnet';

const fixture = (name: string) => new URL(`../../fixtures/${name}`, import.meta.url);

describe('a safetensors file written by PyTorch loads strictly into the dnn model of the same shape', () => {
  it('ResNet-8 (torchvision BasicBlocks, int64 num_batches_tracked) gives PyTorch’s logits', () => {
    const weights = safetensors.decode(readFileSync(fixture('resnet8.safetensors'))).tensors;
    const model = cifarResNet(8, { inChannels: 3 });
    const result = model.loadStateDict(weights, { strict: true });
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(model.stateDict()['layer2.0.bn1.num_batches_tracked']!.item()).toBe(3);
    model.eval();
    const { input, logits } = JSON.parse(readFileSync(fixture('resnet8.json'), 'utf8')) as Record<string, { shape: number[]; data: number[] }>;
    const y = noGrad(() => model.forward(tensor(Float32Array.from(input!.data), { shape: input!.shape }))).dataSync();
    const worst = logits!.data.reduce((w, e, i) => Math.max(w, Math.abs(y[i]! - e) / (1e-3 + Math.abs(e))), 0);
    expect(worst).toBeLessThan(1e-4);
  });
});
