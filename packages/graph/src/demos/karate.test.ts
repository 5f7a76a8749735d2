import { describe, it, expect } from 'vitest';
import { karateDemo } from './karate';

describe("karate club: semi-supervised node classification from two labelled members", () => {
  it('GCN predicts the club of the other 32 members with at least 90 % accuracy', () => {
    const r = karateDemo({ model: 'gcn', epochs: 100, seed: 0 });
    expect(r.losses.at(-1)!).toBeLessThan(r.losses[0]!);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.embedding).toHaveLength(34);
  });
});
