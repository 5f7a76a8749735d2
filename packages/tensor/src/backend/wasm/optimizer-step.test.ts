import { describe, expect, it } from 'vitest';
import type { OptimizerStepSpec, ParamUpdate, View } from '../contract';
import type { TypedArray } from '../../dtype';
import { optimizerStep } from '../cpu/optimizer-step';
import { wasmRuntime } from './runtime';
import { wasmOptimizerStep } from './optimizer-step';
import { denseView, randomF32 } from './test-util';

/** Sizes with every tail length (n mod 4) and one long run. */
const SIZES = [4099, 1, 2, 3, 5, 130];

/** Random parameters, gradients and state; second moments non-negative, a few NaNs and zeros mixed in. */
function updates(stateCount: number, withOld: boolean, seed: number): ParamUpdate<TypedArray>[] {
  return SIZES.map((n, k) => {
    const v = (s: number, positive = false): View<TypedArray> => {
      const a = randomF32(n, seed + 10 * k + s).map((x, i) => (i % 97 === 3 ? 0 : i % 251 === 7 ? NaN : positive ? Math.abs(x) : x));
      return denseView(a, [n]);
    };
    const state = stateCount === 0 ? [] : withOld ? Array.from({ length: stateCount }, (_, j) => v(2 + j, j > 0)) : [null];
    return { param: v(0), grad: v(1), state, step: 3 + k };
  });
}

const SPECS: [string, OptimizerStepSpec, number, boolean][] = [
  ['SGD', { kind: 'sgd', lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }, 0, false],
  ['SGD momentum, first step', { kind: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0.01, nesterov: false, maximize: false }, 1, false],
  ['SGD Nesterov, dampening, maximize', { kind: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.01, nesterov: true, maximize: true }, 1, true],
  ['Adam L2 decay', { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled: false, amsgrad: false, maximize: false }, 2, true],
  ['AdamW amsgrad maximize', { kind: 'adam', lr: 2e-3, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.05, decoupled: true, amsgrad: true, maximize: true }, 3, true],
];

describe('wasm optimizer step (wat/optim.wat) gives the TypeScript kernel\'s bits', () => {
  const rt = wasmRuntime();
  it.each(SPECS)('%s', (_, spec, stateCount, withOld) => {
    expect(rt).not.toBeNull();
    const u = updates(stateCount, withOld, 1);
    const ours = wasmOptimizerStep(rt!, spec, u, 1);
    expect(ours).not.toBeNull();
    const ref = optimizerStep(spec, u);
    ours!.forEach((outs, k) => {
      expect(outs.length).toBe(ref[k]!.length);
      outs.forEach((o, j) => expect(Array.from(o), `update ${k} output ${j}`).toEqual(Array.from(ref[k]![j]!)));
    });
  });

  it('leaves small updates to the TypeScript kernel', () => {
    const u = [{ param: denseView(randomF32(8, 1), [8]), grad: denseView(randomF32(8, 2), [8]), state: [], step: 1 }];
    expect(wasmOptimizerStep(rt!, SPECS[0]![1], u, 1)).toBeNull();
  });

  it('splits a large step into segments across two threads with the same bits', () => {
    // 2^18 elements and more go to the threads in 16,384-element segments: one parameter spans 19 of
    // them, with a tail; the small one is a segment of its own
    const big = (s: number, positive = false): View<TypedArray> =>
      denseView(randomF32(300_001, s).map((x) => (positive ? Math.abs(x) : x)), [300_001]);
    const u: ParamUpdate<TypedArray>[] = [
      { param: big(1), grad: big(2), state: [big(3), big(4, true), big(5, true)], step: 7 },
      { param: denseView(randomF32(6, 6), [6]), grad: denseView(randomF32(6, 7), [6]), state: [8, 9, 10].map((s) => denseView(randomF32(6, s).map(Math.abs), [6])), step: 1 },
    ];
    const spec = SPECS[4]![1];
    const ref = optimizerStep(spec, u);
    for (const threads of [1, 2]) {
      const ours = wasmOptimizerStep(rt!, spec, u, threads);
      expect(ours).not.toBeNull();
      ours!.forEach((outs, k) => {
        expect(outs.length).toBe(ref[k]!.length);
        // byte for byte (300,001 floats: quicker than comparing arrays element by element)
        const bytes = (a: TypedArray): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
        outs.forEach((o, j) => expect(bytes(o).equals(bytes(ref[k]![j]!)), `${threads} threads, update ${k} output ${j}`).toBe(true));
      });
    }
  });
});
