import { describe, it, expect } from 'vitest';
import { SGD, Adam, AdamW, type Optimizer, type OptimizerOptions } from './index';
import { Device, cpu } from '../device';
import { Parameter } from '../nn/parameter';
import { Generator } from '../random/generator';
import { randn } from '../ops/random';
import { tidy } from '../memory';
import { setCpuKernels, setCpuThreads } from '../backend/wasm/settings';
import type { DType } from '../dtype';

/** The CPU backend without its fused kernel: every optimizer runs its composite of tensor ops. */
const composite = new Device({ ...cpu().backend, optimizerStep: undefined }, 'cpu-composite');

type Make = (params: Parameter[]) => Optimizer<OptimizerOptions>;

/** Sizes with SIMD tails and one large enough for the WebAssembly kernel and its threads. */
const SHAPES = [[7, 5], [37], [64, 30], [70, 90]];
/** Enough elements for the update to be split between threads. */
const BIG = [[3], [300, 900]];

/**
 * Trains the same parameters for `steps` steps on `device`: gradients of Σ sin(c·p) (the same on both
 * devices). The first parameter has a gradient on odd steps only: its state starts a step after the
 * others' (SGD's buffer starts in a call that updates other buffers, Adam's step counts differ) and
 * must not move on the steps it sits out.
 */
function trajectory(device: Device, dtype: DType, make: Make, steps = 4, shapes = SHAPES): Float64Array[] {
  const params = shapes.map((s, i) => Parameter.from(randn(s, { dtype, device, generator: new Generator(10 + i) })));
  const coef = shapes.map((s, i) => randn(s, { dtype, device, generator: new Generator(20 + i) }));
  const opt = make(params);
  for (let t = 0; t < steps; t++) {
    tidy(() => {
      opt.zeroGrad();
      params.forEach((p, i) => { if (i !== 0 || t % 2 === 1) p.mul(coef[i]!).sin().sum().backward(); });
      opt.step();
    });
  }
  const flat = params.map((p) => Float64Array.from(p.dataSync()));
  for (const [, s] of opt.state) for (const v of Object.values(s)) if (typeof v !== 'number') flat.push(Float64Array.from(v.dataSync()));
  opt.dispose();
  [...params, ...coef].forEach((t) => t.dispose());
  return flat;
}

/** Index of the first element whose bits differ (NaN equals NaN), -1 when none: quick on large arrays. */
function firstDifference(a: Float64Array, b: Float64Array | undefined): number {
  if (!b || a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const expectSameBits = (a: Float64Array[], b: Float64Array[]): void => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(firstDifference(x, b[i]), `tensor ${i}`).toBe(-1));
};

const CONFIGS: [string, Make][] = [
  ['SGD', (p) => new SGD(p, { lr: 0.1 })],
  ['SGD momentum, dampening, weight decay', (p) => new SGD(p, { lr: 0.05, momentum: 0.9, dampening: 0.3, weightDecay: 1e-2 })],
  ['SGD Nesterov, maximize', (p) => new SGD(p, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true })],
  ['Adam', (p) => new Adam(p, { lr: 0.01 })],
  ['Adam weight decay, amsgrad', (p) => new Adam(p, { lr: 0.01, weightDecay: 0.1, amsgrad: true, betas: [0.8, 0.95] })],
  ['Adam maximize', (p) => new Adam(p, { lr: 0.01, maximize: true, eps: 1e-3 })],
  ['AdamW', (p) => new AdamW(p, { lr: 2e-3, weightDecay: 0.05 })],
  ['AdamW amsgrad, groups', (p) => new AdamW([{ params: p.slice(0, 2) }, { params: p.slice(2), lr: 0.02, amsgrad: true }], { lr: 2e-3 })],
];

describe('fused optimizer steps (one backend call per group) equal the composite of tensor ops', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it.each(CONFIGS)(`${dtype}: %s, bit for bit`, (_, make) => {
      const fused = trajectory(cpu(), dtype, make);
      const reference = trajectory(composite, dtype, make);
      expectSameBits(fused, reference);
    });
  }

  it.each(CONFIGS)('float32 on the TypeScript kernels: %s, bit for bit', (_, make) => {
    try {
      setCpuKernels('ts');
      const fused = trajectory(cpu(), 'float32', make, 3);
      const reference = trajectory(composite, 'float32', make, 3);
      expectSameBits(fused, reference);
    } finally {
      setCpuKernels('wasm');
    }
  });

  it('gives the same bits on one thread and on two (float32, WebAssembly where present)', () => {
    const make: Make = (p) => new AdamW(p, { lr: 2e-3, amsgrad: true });
    try {
      setCpuThreads(1);
      const one = trajectory(cpu(), 'float32', make, 2, BIG);
      setCpuThreads(2);
      const two = trajectory(cpu(), 'float32', make, 2, BIG);
      const reference = trajectory(composite, 'float32', make, 2, BIG);
      expectSameBits(two, one);
      expectSameBits(one, reference);
    } finally {
      setCpuThreads(null);
    }
  });
});
