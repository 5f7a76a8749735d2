import { describe, it, expect } from 'vitest';
import { fixture } from './fixture-problem';
import { SGD } from './sgd';
import * as S from './schedulers';
import { Parameter } from '../nn/parameter';
import { tensor } from '../ops/creation';
import { expectClose } from '../testing/golden';
import { ValueError } from '../errors';

type Spec = { name: string; opts: Record<string, unknown> };

const LAMBDAS: Record<string, (e: number) => number> = { warmup5: (e) => Math.min(1, (e + 1) / 5) };

function build(opt: SGD, spec: Spec): S.Scheduler & { step(m?: number): void } {
  const o = spec.opts;
  switch (spec.name) {
    case 'LambdaLR': return new S.LambdaLR(opt, { lrLambda: LAMBDAS[o.lambda as string]! });
    case 'SequentialLR': {
      const schedulers = (o.schedulers as Spec[]).map((s) => build(opt, s) as S.LRScheduler);
      return new S.SequentialLR(opt, { schedulers, milestones: o.milestones as number[] });
    }
    case 'ReduceLROnPlateau': return new S.ReduceLROnPlateau(opt, o) as S.Scheduler & { step(m?: number): void };
    default: {
      const Ctor = (S as unknown as Record<string, new (opt: SGD, o: unknown) => S.LRScheduler>)[spec.name]!;
      return new Ctor(opt, o);
    }
  }
}

const twoGroups = () => new SGD([
  { params: [Parameter.from(tensor([0]))], lr: 0.1 },
  { params: [Parameter.from(tensor([0]))], lr: 0.05 },
], { lr: 0.1, momentum: 0.9 });

describe('schedulers match PyTorch\'s learning rates (two groups, 25 steps)', () => {
  it.each(fixture.schedulers.map((s) => [`${s.name} ${JSON.stringify(s.opts)}`, s] as const))('%s', (_, spec) => {
    const opt = twoGroups();
    const sched = build(opt, spec);
    const lrs = [opt.paramGroups.map((g) => g.lr)];
    for (let i = 0; i < spec.lrs.length - 1; i++) {
      opt.step();
      sched.step(spec.metrics?.[i]);
      lrs.push(sched.getLastLr());
      expect(sched.getLastLr()).toEqual(opt.paramGroups.map((g) => g.lr));
    }
    expectClose(lrs.flat(), spec.lrs.flat(), { rtol: 1e-12 }, 'learning rates');
  });
});

describe('schedulers', () => {
  it('step(epoch) jumps with the closed form; state dicts round-trip', () => {
    const opt = twoGroups();
    const s = new S.StepLR(opt, { stepSize: 3, gamma: 0.5 });
    s.step(7);
    expect(s.getLastLr()).toEqual([0.1 * 0.25, 0.05 * 0.25]);
    const saved = s.stateDict();
    expect(saved).toMatchObject({ lastEpoch: 7, baseLrs: [0.1, 0.05], stepSize: 3, gamma: 0.5 });
    const opt2 = twoGroups();
    const s2 = new S.StepLR(opt2, { stepSize: 3, gamma: 0.5 });
    s2.loadStateDict(saved);
    opt2.paramGroups.forEach((g, i) => (g.lr = s.getLastLr()[i]!));
    s.step();
    s2.step();
    expect(s2.getLastLr()).toEqual(s.getLastLr());
  });

  it('ReduceLROnPlateau takes a one-element tensor and survives a state-dict round trip', () => {
    const opt = twoGroups();
    const r = new S.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    r.step(tensor(1));
    r.step(tensor(2));
    expect(r.getLastLr()).toEqual([0.05, 0.025]);
    const r2 = new S.ReduceLROnPlateau(twoGroups(), { patience: 0, factor: 0.5 });
    r2.loadStateDict(r.stateDict());
    expect(r2.best).toBe(1);
    expect(() => new S.ReduceLROnPlateau(opt, { factor: 1 })).toThrow(ValueError);
    expect(() => new S.ReduceLROnPlateau(opt, { minLr: [0] })).toThrow(/expected 2 minLr values/);
  });

  it('checks its arguments', () => {
    const opt = twoGroups();
    expect(() => new S.StepLR(opt, { stepSize: 0 })).toThrow(/StepLR: stepSize must be a positive integer/);
    expect(() => new S.LinearLR(opt, { startFactor: 2 })).toThrow(/startFactor must be in \[0, 1\]/);
    expect(() => new S.SequentialLR(opt, { schedulers: [new S.ExponentialLR(opt, { gamma: 0.9 })], milestones: [3] })).toThrow(/need 0 milestones/);
    expect(() => new S.SequentialLR(twoGroups(), { schedulers: [new S.ExponentialLR(opt, { gamma: 0.9 })], milestones: [] })).toThrow(/another optimizer/);
    expect(() => new S.ExponentialLR(twoGroups(), { gamma: 0.9, lastEpoch: 3 })).toThrow(/needs initialLr in parameter group 0/);
  });
});
