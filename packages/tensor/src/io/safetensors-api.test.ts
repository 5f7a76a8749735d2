import { describe, expect, it } from 'vitest';
import { loadSafetensors, loadStateDict, safetensors, saveStateDict, tensor } from '../index';
import { Linear } from '../nn/index';

describe('safetensors.encode / safetensors.decode', () => {
  it('round-trips a state dict and its metadata; decode is synchronous and returns { tensors, metadata }', async () => {
    const net = new Linear(3, 2);
    const bytes = await safetensors.encode(net.stateDict(), { metadata: { epoch: '4' } });
    const { tensors, metadata } = safetensors.decode(bytes);
    expect(metadata).toEqual({ epoch: '4' });
    expect(Object.keys(tensors).sort()).toEqual(['bias', 'weight']);
    const copy = new Linear(3, 2);
    copy.loadStateDict(tensors);
    expect([...copy.weight.dataSync()]).toEqual([...net.weight.dataSync()]);
    // an ArrayBuffer (a fetch() response's) decodes too
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect([...safetensors.decode(ab).tensors.bias!.dataSync()]).toEqual([...net.bias!.dataSync()]);
  });

  it('the deprecated names are aliases giving the same bytes and tensors', async () => {
    const dict = { a: tensor([1, 2, 3]), b: tensor([[true]]) };
    const bytes = await safetensors.encode(dict, { metadata: { k: 'v' } });
    expect([...(await saveStateDict(dict, { metadata: { k: 'v' } }))]).toEqual([...bytes]);
    expect([...loadStateDict(bytes).a!.dataSync()]).toEqual([1, 2, 3]);
    expect(loadSafetensors(bytes).metadata).toEqual({ k: 'v' });
  });
});
