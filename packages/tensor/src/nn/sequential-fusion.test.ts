import { describe, expect, it } from 'vitest';
import { Linear, ReLU, Sigmoid, Tanh, Sequential, gradients, manualSeed, randn, traceOps, type Module, type Primitive, type Tensor } from '../index';

/** The primitives a forward pass records. */
function primitivesOf(fn: () => unknown): Primitive[] {
  const seen: Primitive[] = [];
  traceOps((prim) => { seen.push(prim); }, fn);
  return seen;
}

/** The layers one by one, as written: each module's forward. */
const stepwise = (layers: Module[], x: Tensor): Tensor => layers.reduce((y, m) => (m as unknown as { forward(t: Tensor): Tensor }).forward(y), x);

describe('Sequential fuses a layer\'s bias with the activation after it', () => {
  it('Linear + ReLU / Sigmoid / Tanh: one biasActivation, the bits of the layers one by one, gradients too', async () => {
    manualSeed(11);
    for (const act of [new ReLU(), new Sigmoid(), new Tanh()]) {
      const lin = new Linear(7, 5);
      const net = new Sequential(lin, act, new Linear(5, 3));
      const x = randn([4, 7], { requiresGrad: true });
      const prims = primitivesOf(() => net.forward(x));
      expect(prims.filter((p) => p === 'biasActivation')).toHaveLength(1);
      expect(prims).not.toContain('relu');
      const y1 = net.forward(x), y2 = stepwise(net.layers, x);
      expect(Array.from(await y1.data())).toEqual(Array.from(await y2.data()));
      const g1 = gradients(y1.sum(), [x, lin.weight, lin.bias!]), g2 = gradients(y2.sum(), [x, lin.weight, lin.bias!]);
      for (let k = 0; k < 3; k++) expect(Array.from(await g1[k]!.data())).toEqual(Array.from(await g2[k]!.data()));
    }
  });

  it('runs the layers as written where fusing would change them: a subclass overriding forward, no bias, another module next', async () => {
    class Doubled extends Linear {
      override forward(x: Tensor): Tensor { return super.forward(x).mul(2); }
    }
    const x = randn([2, 3]);
    const custom = new Sequential(new Doubled(3, 3), new ReLU());
    expect(primitivesOf(() => custom.forward(x))).not.toContain('biasActivation');
    expect(Array.from(await custom.forward(x).data())).toEqual(Array.from(await stepwise(custom.layers, x).data()));
    const noBias = new Sequential(new Linear(3, 2, { bias: false }), new ReLU());
    expect(primitivesOf(() => noBias.forward(x))).toContain('relu');
    expect(primitivesOf(() => new Sequential(new Linear(3, 2), new Linear(2, 2)).forward(x))).not.toContain('biasActivation');
  });
});
