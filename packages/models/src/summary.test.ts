import { describe, it, expect } from 'vitest';
import { summarize } from './summary';
import { resnet20, googlenet } from './index';

describe('summarize', () => {
  it('traces output shapes of models that are not Sequential by wrapping their children', () => {
    const rows = summarize(resnet20({ inChannels: 1 }), [1, 28, 28]);
    expect(rows.map((r) => [r.name, r.outputShape])).toEqual([
      ['conv1', [1, 16, 28, 28]], ['bn1', [1, 16, 28, 28]],
      ['layer1', [1, 16, 28, 28]], ['layer2', [1, 32, 14, 14]], ['layer3', [1, 64, 7, 7]], ['fc', [1, 10]],
    ]);
    const net = resnet20({ inChannels: 1 });
    summarize(net, [1, 28, 28]);
    expect(Object.hasOwn(net.layer1, 'forward')).toBe(false);
  });
  it('leaves children the forward does not call without a shape', () => {
    const rows = summarize(googlenet({ auxLogits: true, numClasses: 10 }).eval(), [3, 64, 64]);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r.outputShape]));
    expect(byName.aux1).toBeNull();
    expect(byName.inception5b).toEqual([1, 1024, 2, 2]);
    expect(byName.fc).toEqual([1, 10]);
  }, 60_000);
});
