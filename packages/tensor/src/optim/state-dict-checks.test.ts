import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors';
import { ones } from '../ops/creation';
import { Parameter } from '../nn/parameter';
import { saveStateDict } from '../io/state-dict';
import { SGD } from './sgd';
import { StepLR } from './schedulers';
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
    s.loadStateDict({ ...s.stateDict(), lastEpoch: 5 });
    expect(s.stateDict().lastEpoch).toBe(5);
  });

  it('saveStateDict refuses a null dict and non-tensor values by name', async () => {
    await expect(saveStateDict(null as never)).rejects.toThrow('saveStateDict: expected a dict of tensors (name → Tensor), got null');
    await expect(saveStateDict({ a: 3 } as never)).rejects.toThrow("saveStateDict: 'a' is not a tensor (got 3)");
  });
});
