import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors';
import { ones, tensor, zeros } from '../ops/creation';
import type { Tensor } from '../tensor';
import { Linear } from './linear';
import { functionalCall } from './functional-call';

/** Dicts come from users and files: keys are checked as own keys, values as tensors, with typed errors. */
describe('Module.loadStateDict with hostile dicts', () => {
  const good = () => ({ weight: ones([2, 3]), bias: ones([2]) });

  for (const key of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__']) {
    it(`an extra key named like a built-in member ('${key}') is unexpected`, () => {
      const dict: Record<string, Tensor> = good();
      Object.defineProperty(dict, key, { value: ones([1]), enumerable: true, configurable: true, writable: true });
      expect(() => new Linear(3, 2).loadStateDict(dict)).toThrow(`loadStateDict: unexpected keys: ${key}`);
      expect(new Linear(3, 2).loadStateDict(dict, { strict: false }).unexpectedKeys).toEqual([key]);
    });
  }

  it('an inherited key is not a value: a dict whose prototype holds the weights is missing them', () => {
    const dict = Object.create(good()) as Record<string, Tensor>;
    expect(() => new Linear(3, 2).loadStateDict(dict)).toThrow('loadStateDict: missing keys: weight, bias');
  });

  it('the values loaded are the own ones', () => {
    const m = new Linear(3, 2);
    m.loadStateDict({ weight: zeros([2, 3]), bias: tensor([1, 2]) });
    expect([...m.bias!.dataSync()]).toEqual([1, 2]);
  });

  const bad: [string, unknown, string][] = [
    ['undefined', undefined, 'loadStateDict: expected a dict of tensors (name → Tensor), got undefined'],
    ['null', null, 'loadStateDict: expected a dict of tensors (name → Tensor), got null'],
    ['a number', 3, 'loadStateDict: expected a dict of tensors (name → Tensor), got 3'],
    ['an array', [ones([2, 3])], 'loadStateDict: expected a dict of tensors (name → Tensor), got an array'],
    ['a Map', new Map(), 'loadStateDict: expected a dict of tensors (name → Tensor), got a Map; pass Object.fromEntries(map)'],
    ['a null value', { weight: null, bias: ones([2]) }, "loadStateDict: 'weight' is not a tensor (got null)"],
    ['a number value', { weight: ones([2, 3]), bias: 7 }, "loadStateDict: 'bias' is not a tensor (got 7)"],
    ['a plain-object value', { weight: { shape: [2, 3] }, bias: ones([2]) }, "loadStateDict: 'weight' is not a tensor (got an object)"],
    ['an extra non-tensor value', { ...good(), extra: 'x' }, "loadStateDict: 'extra' is not a tensor (got x)"],
  ];
  for (const [what, dict, message] of bad) {
    it(`${what}: ValueError naming the key`, () => {
      const load = () => new Linear(3, 2).loadStateDict(dict as Record<string, Tensor>);
      expect(load).toThrow(ValueError);
      expect(load).toThrow(message);
    });
  }

  it('a disposed tensor is refused by name before anything is copied', () => {
    const m = new Linear(3, 2);
    const before = [...m.weight.dataSync()];
    const dict = good();
    dict.bias.dispose();
    expect(() => m.loadStateDict(dict)).toThrow("loadStateDict: 'bias' was disposed");
    expect([...m.weight.dataSync()]).toEqual(before);
  });
});

describe('functionalCall with hostile names', () => {
  it('a name of an inherited member is not a parameter', () => {
    const m = new Linear(3, 2);
    expect(() => functionalCall(m, { toString: ones([1]) } as Record<string, Tensor>, ones([1, 3]))).toThrow(
      "functionalCall: no parameter or buffer named 'toString'");
    expect(() => functionalCall(m, { forward: ones([1]) } as Record<string, Tensor>, ones([1, 3]))).toThrow(
      "functionalCall: no parameter or buffer named 'forward'");
    expect(typeof m.toString()).toBe('string');
  });
  it('a non-tensor replacement is refused by name', () => {
    expect(() => functionalCall(new Linear(3, 2), { weight: null } as unknown as Record<string, Tensor>, ones([1, 3]))).toThrow(
      "functionalCall: 'weight' is not a tensor (got null)");
  });
});
