import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors';
import { ones } from '../ops/creation';
import { Parameter } from '../nn/parameter';
import { saveStateDict } from '../io/state-dict';
import { SGD } from './sgd';
import { ReduceLROnPlateau, SequentialLR, StepLR } from './schedulers';
import type { OptimizerStateDict } from './optimizer';

/** Optimizer and scheduler state dicts come from files too: malformed ones get typed errors, never a TypeError. */
describe('state dicts of optimizers and schedulers, malformed', () => {
  const sgd = () => new SGD([Parameter.from(ones([2]))], { lr: 0.1, momentum: 0.9 });
  const bad: [string, unknown, string][] = [
    ['undefined', undefined, 'SGD.loadStateDict: expected { state, paramGroups }, got undefined'],
    ['null', null, 'SGD.loadStateDict: expected { state, paramGroups }, got null'],
    ['no paramGroups', { state: {} }, 'SGD.loadStateDict: expected { state, paramGroups }, got an object'],
    ['a group without params', { state: {}, paramGroups: [{ lr: 1 }] }, 'SGD.loadStateDict: parameter group 0 has no params array'],
    ['a state named like a built-in', { state: { toString: {} }, paramGroups: [{ lr: 1, params: [0] }] },
      'SGD.loadStateDict: state for parameter toString, but the optimizer has 1 parameters'],
    ['a null per-parameter state', { state: { 0: null }, paramGroups: [{ lr: 1, params: [0] }] },
      'SGD.loadStateDict: state for parameter 0 must be an object, got null'],
  ];
  for (const [what, dict, message] of bad) {
    it(`optimizer, ${what}: ValueError`, () => {
      const load = () => sgd().loadStateDict(dict as OptimizerStateDict);
      expect(load).toThrow(ValueError);
      expect(load).toThrow(message);
    });
  }

  it('a scheduler loads only its own fields: a hostile state cannot replace its methods or optimizer', () => {
    const opt = sgd();
    const s = new StepLR(opt, { stepSize: 2 });
    expect(() => s.loadStateDict({ step: 1 })).toThrow("StepLR.loadStateDict: unknown field 'step'");
    expect(() => s.loadStateDict({ optimizer: null })).toThrow("StepLR.loadStateDict: unknown field 'optimizer'");
    expect(() => s.loadStateDict(null as unknown as Record<string, unknown>)).toThrow('StepLR.loadStateDict: expected an object, got null');
    expect(s.optimizer).toBe(opt);
    expect(() => s.loadStateDict({ lastEpoch: '5' })).toThrow("StepLR.loadStateDict: 'lastEpoch' must be a number, got 5");
    s.loadStateDict({ ...s.stateDict(), lastEpoch: 5 });
    expect(s.stateDict().lastEpoch).toBe(5);
  });

  it('saveStateDict refuses a null dict and non-tensor values by name', async () => {
    await expect(saveStateDict(null as never)).rejects.toThrow('saveStateDict: expected a dict of tensors (name → Tensor), got null');
    await expect(saveStateDict({ a: 3 } as never)).rejects.toThrow("saveStateDict: 'a' is not a tensor (got 3)");
  });
});

describe('optimizer state dicts with values of the wrong kind', () => {
  const sgd = () => new SGD([Parameter.from(ones([2]))], { lr: 0.1, momentum: 0.9 });
  const cases: [string, unknown, string][] = [
    ['a string learning rate', { state: {}, paramGroups: [{ lr: 'fast', params: [0] }] }, "SGD.loadStateDict: parameter group 0: 'lr' must be a number, got fast"],
    ['a group key named __proto__', JSON.parse('{"state":{},"paramGroups":[{"lr":0.1,"params":[0],"__proto__":{"x":1}}]}'), "SGD.loadStateDict: parameter group 0: '__proto__' is not a hyper-parameter, got an object"],
    ['a string in the state', { state: { 0: { momentumBuffer: 'x' } }, paramGroups: [{ lr: 0.1, params: [0] }] }, "SGD.loadStateDict: state 'momentumBuffer' of parameter 0 must be a tensor or a number, got x"],
  ];
  for (const [what, dict, message] of cases) {
    it(`${what}: ValueError, and the optimizer still steps`, () => {
      const opt = sgd();
      expect(() => opt.loadStateDict(dict as OptimizerStateDict)).toThrow(message);
      expect(opt.paramGroups[0]!.lr).toBe(0.1);
      expect(Object.getPrototypeOf(opt.paramGroups[0])).toBe(Object.prototype);
    });
  }
  it('a new plain hyper-parameter (a scheduler\'s initialLr) loads', () => {
    const opt = sgd();
    opt.loadStateDict({ state: {}, paramGroups: [{ ...opt.stateDict().paramGroups[0]!, initialLr: 0.5 }] });
    expect((opt.paramGroups[0] as unknown as { initialLr: number }).initialLr).toBe(0.5);
  });
});

describe('scheduler state dicts of the wrong shape', () => {
  it('SequentialLR and ReduceLROnPlateau refuse malformed states by name', () => {
    const opt = new SGD([Parameter.from(ones([2]))], { lr: 0.1 });
    const seq = new SequentialLR(opt, { schedulers: [new StepLR(opt, { stepSize: 1 }), new StepLR(opt, { stepSize: 2 })], milestones: [3] });
    expect(() => seq.loadStateDict(null as never)).toThrow('SequentialLR.loadStateDict: expected an object, got null');
    expect(() => seq.loadStateDict({ ...seq.stateDict(), schedulers: [{}] })).toThrow("SequentialLR.loadStateDict: 'schedulers' must hold 2 states, got an array");
    const plateau = new ReduceLROnPlateau(opt);
    expect(() => plateau.loadStateDict({ step: 3 })).toThrow("ReduceLROnPlateau.loadStateDict: unknown field 'step'");
    plateau.loadStateDict(plateau.stateDict());
  });
});
