import { describe, it, expect } from 'vitest';
import { Sequential, Linear, ReLU, LayerNorm, Dropout } from './index';
import { Module } from './module';
import { tensor, manualSeed, Generator } from '../index';
import type { Tensor } from '../tensor';
import { ValueError } from '../errors';

class Block extends Module {
  fc = new Linear(4, 3, { generator: new Generator(1) });
  norm = new LayerNorm(3);
  forward(x: Tensor): Tensor {
    return this.norm.forward(this.fc.forward(x));
  }
}

describe('Module', () => {
  it('finds parameters by walking fields, with PyTorch dotted names', () => {
    const net = new Sequential(new Block(), new ReLU(), new Linear(3, 2));
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      '0.fc.weight', '0.fc.bias', '0.norm.weight', '0.norm.bias', '2.weight', '2.bias',
    ]);
    expect(net.numParameters()).toBe(4 * 3 + 3 + 3 + 3 + 3 * 2 + 2);
    expect(net.toString()).toContain('(0): Block');
  });

  it('round-trips a state dict and reports bad keys and shapes by name', () => {
    manualSeed(3);
    const a = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    const b = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    b.loadStateDict(a.stateDict());
    const x = tensor([[1, 2, 3, 4]]);
    expect(Array.from(b.forward(x).dataSync())).toEqual(Array.from(a.forward(x).dataSync()));
    const sd = { ...a.stateDict(), extra: tensor([1]) } as Record<string, Tensor>;
    delete sd['2.bias'];
    expect(() => b.loadStateDict(sd)).toThrow(/missing keys: 2\.bias.*unexpected keys: extra/);
    expect(() => b.loadStateDict({ ...a.stateDict(), '0.weight': tensor([[1]]) })).toThrow(ValueError);
    expect(() => b.loadStateDict({ ...a.stateDict(), '0.weight': tensor([[1]]) })).toThrow(/0\.weight: expected \[3,4\], got \[1,1\]/);
    expect(b.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['2.bias'], unexpectedKeys: ['extra'] });
  });

  it('train/eval switches dropout', () => {
    const d = new Dropout({ p: 0.5, generator: new Generator(0) });
    const x = tensor(new Float32Array(1000).fill(1), { shape: [1000] });
    const y = d.forward(x).dataSync();
    const kept = Array.from(y).filter((v) => v !== 0);
    expect(kept.every((v) => v === 2)).toBe(true);
    expect(kept.length).toBeGreaterThan(430);
    expect(kept.length).toBeLessThan(570);
    d.eval();
    expect(Array.from(d.forward(x).dataSync()).every((v) => v === 1)).toBe(true);
  });
});
