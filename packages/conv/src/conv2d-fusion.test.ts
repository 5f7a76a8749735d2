import { describe, expect, it } from 'vitest';
import { ReLU, Sequential, Tanh, gradients, manualSeed, randn, traceOps, type Primitive, type Tensor } from '@dnn/tensor';
import { Conv2d } from './conv2d';

describe('Conv2d followed by an activation in a Sequential', () => {
  it('runs its bias and the activation as one biasActivation with the bits of the two modules, gradients too', async () => {
    manualSeed(5);
    for (const act of [new ReLU(), new Tanh()]) {
      const conv = new Conv2d(3, 4, 3, { padding: 1, paddingMode: 'reflect' });
      const net = new Sequential(conv, act);
      const x = randn([2, 3, 6, 5], { requiresGrad: true });
      const seen: Primitive[] = [];
      const y1 = traceOps((p) => { seen.push(p); }, () => net.forward(x));
      expect(seen).toContain('biasActivation');
      const y2: Tensor = act.forward(conv.forward(x));
      expect(Array.from(await y1.data())).toEqual(Array.from(await y2.data()));
      const g1 = gradients(y1.sum(), [x, conv.weight, conv.bias!]), g2 = gradients(y2.sum(), [x, conv.weight, conv.bias!]);
      for (let k = 0; k < 3; k++) expect(Array.from(await g1[k]!.data())).toEqual(Array.from(await g2[k]!.data()));
    }
  });
});
