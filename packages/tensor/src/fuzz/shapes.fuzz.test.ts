import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tidy } from '../memory';
import { arange, eye, fromTypedArray, full, linspace, ones, tensor, zeros } from '../ops/creation';
import { rand, randint, randn } from '../ops/random';
import { movedim } from '../ops/movedim';
import type { Tensor } from '../tensor';
import { dimArg, expectSoundShape, handled, hostileNumber, shapeArg, tally, wrongType } from './hostile';

/**
 * Fuzz pass over every public function that takes a shape, sizes or dims: each case either gives a
 * correct result or throws a DnnError. 1,500 creation cases and 2,000 view cases (about 1 s).
 */
const numel = (s: readonly number[]) => s.reduce((a, d) => a * d, 1);
const as = <T>(v: unknown) => v as T;
const range = (a: number, b: number, step: number) => Array.from({ length: Math.max(0, Math.ceil((b - a) / step)) }, (_, i) => a + i * step);

/** A creation result: the asked shape, and every element the fill value (checked for small sizes). */
function created(shape: unknown, fill?: number) {
  return (t: Tensor) => {
    expect(t.shape).toEqual((shape as number[]).map((d) => d + 0)); // a -0 size comes back as 0
    const data = t.dataSync();
    expect(data.length).toBe(numel(t.shape));
    if (fill !== undefined) for (const v of data) expect(v).toBe(fill);
  };
}

const creations: Record<string, (s: unknown, a: unknown, b: unknown) => [() => Tensor, (t: Tensor) => void]> = {
  zeros: (s) => [() => zeros(as(s)), created(s, 0)],
  ones: (s) => [() => ones(as(s)), created(s, 1)],
  full: (s, a) => [() => full(as(s), as(a)), created(s)],
  float64: (s) => [() => zeros(as(s), { dtype: 'float64' }), created(s, 0)],
  rand: (s) => [() => rand(as(s)), (t) => { created(s)(t); for (const v of t.dataSync()) expect(v >= 0 && v < 1).toBe(true); }],
  randn: (s) => [() => randn(as(s)), (t) => { created(s)(t); for (const v of t.dataSync()) expect(Number.isFinite(v)).toBe(true); }],
  randint: (s, a, b) => [() => randint(as(a), as(b), as(s)), (t) => { created(s)(t); for (const v of t.dataSync()) expect(v >= (a as number) && v < (b as number)).toBe(true); }],
  tensorWithShape: (s) => [() => tensor(new Float32Array(6), { shape: as(s) }), created(s ?? [6], 0)], // no shape: the array's
  fromTypedArray: (s) => [() => fromTypedArray(new Float32Array(6), as(s)), created(s, 0)],
  arange: (_s, a, b) => [() => arange(as(a), as(b)), (t) => expect([...t.dataSync()]).toEqual(range(a as number, b as number, 1))],
  arangeStep: (_s, a, b) => [() => arange(0, as(a), as(b)), (t) => expect([...t.dataSync()]).toEqual(range(0, a as number, (b ?? 1) as number).map((v) => Math.fround(v)))],
  linspace: (_s, a) => [() => linspace(0, 1, as(a)), (t) => expect(t.shape).toEqual([(a as number) + 0])],
  eye: (_s, a, b) => [() => eye(as(a), as(b)), (t) => { expect(t.shape).toEqual([(a as number) + 0, (b as number) + 0]); expect(t.sum().item()).toBe(Math.min(a as number, b as number) + 0); }],
};

/** x = arange(24) as [2,3,4]; each op with fuzzed arguments, its result checked where cheap. */
const views: Record<string, (x: Tensor, s: unknown, a: unknown, b: unknown, c: unknown) => [() => unknown, (r: never) => void]> = {
  reshape: (x, s) => [() => x.reshape(as(s)), (r: Tensor) => { expect(r.size).toBe(24); expect([...r.dataSync()]).toEqual([...x.dataSync()]); }],
  view: (x, s) => [() => x.view(as(s)), (r: Tensor) => expect([...r.dataSync()]).toEqual([...x.dataSync()])],
  expand: (x, s) => [() => x.expand(as(s)), (r: Tensor) => expectSoundShape(r.shape)],
  expandContiguous: (x, s) => [() => x.expand(as(s)).contiguous(), (r: Tensor) => expect(r.dataSync().length).toBe(r.size)],
  permute: (x, s) => [() => x.permute(as(s)), (r: Tensor) => expect([...r.shape].sort()).toEqual([2, 3, 4])],
  transpose: (x, _s, a, b) => [() => x.transpose(as(a), as(b)), (r: Tensor) => expect(r.size).toBe(24)],
  squeeze: (x, _s, a) => [() => x.squeeze(as(a)), (r: Tensor) => expect(r.size).toBe(24)],
  unsqueeze: (x, _s, a) => [() => x.unsqueeze(as(a)), (r: Tensor) => expect(r.rank).toBe(4)],
  flatten: (x, _s, a, b) => [() => x.flatten(as(a), as(b)), (r: Tensor) => expect(r.size).toBe(24)],
  narrow: (x, _s, a, b, c) => [() => x.narrow(as(a), as(b), as(c)), (r: Tensor) => expect(r.dataSync().length).toBe(r.size)],
  select: (x, _s, a, b) => [() => x.select(as(a), as(b)), (r: Tensor) => expect(r.rank).toBe(2)],
  flip: (x, s) => [() => x.flip(as(s)), (r: Tensor) => expect(r.sum().item()).toBe(276)],
  repeat: (x, s) => [() => x.repeat(as(s)), (r: Tensor) => expect(r.dataSync().length).toBe(r.size)],
  split: (x, _s, a, b) => [() => x.split(as(a), as(b)), (r: Tensor[]) => expect(r.reduce((n, t) => n + t.size, 0)).toBe(24)],
  chunk: (x, _s, a, b) => [() => x.chunk(as(a), as(b)), (r: Tensor[]) => expect(r.reduce((n, t) => n + t.size, 0)).toBe(24)],
  movedim: (x, _s, a, b) => [() => movedim(x, as(a), as(b)), (r: Tensor) => expect(r.size).toBe(24)],
  sum: (x, _s, a) => [() => x.sum(as(a)), (r: Tensor) => expect(r.sum().item()).toBe(276)],
  pad: (x, s) => [() => x.pad(as(s)), (r: Tensor) => expect(r.sum().item()).toBe(276)],
  slice: (x, s, a, b) => [() => x.slice([{ start: as(a), end: as(b) }, null, { step: as(s) }]), (r: Tensor) => expect(r.dataSync().length).toBe(r.size)],
};

const number = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -4, max: 6 }) }, { weight: 1, arbitrary: hostileNumber }, { weight: 1, arbitrary: wrongType });
const tallies: Record<string, ReturnType<typeof tally>> = {};
afterAll(() => {
  const all = Object.values(tallies);
  const sum = (k: 'runs' | 'results' | 'refused') => all.reduce((n, t) => n + t[k], 0);
  console.info(`fuzz (shapes): ${sum('runs')} cases, ${sum('results')} correct results, ${sum('refused')} typed refusals, 0 other errors`);
});

describe('fuzz: shapes, sizes and dims (1,500 creation + 2,000 view cases)', () => {
  it('creation ops: a correct tensor or a DnnError', () => {
    const t = (tallies.creation = tally());
    fc.assert(fc.property(fc.constantFrom(...Object.keys(creations)), shapeArg, number, number, (op, s, a, b) => {
      const [work, check] = creations[op]!(s, a, b);
      tidy(() => handled(t, work, check));
    }), { numRuns: 1500, seed: 11 });
    expect(t.results).toBeGreaterThan(300);
    expect(t.refused).toBeGreaterThan(300);
  });

  it('views and movement ops: a correct result or a DnnError', () => {
    const t = (tallies.views = tally());
    fc.assert(fc.property(fc.constantFrom(...Object.keys(views)), shapeArg, dimArg, dimArg, dimArg, (op, s, a, b, c) => {
      tidy(() => {
        const x = arange(24).reshape([2, 3, 4]);
        const [work, check] = views[op]!(x, s, a, b, c);
        handled(t, work, check as (r: unknown) => void);
      });
    }), { numRuns: 2000, seed: 12 });
    expect(t.results).toBeGreaterThan(300);
    expect(t.refused).toBeGreaterThan(300);
  });

  it('nested arrays: tensor() of ragged, deep or wrongly typed nesting', () => {
    const t = (tallies.nested = tally());
    const leaf = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.boolean(), wrongType, hostileNumber);
    const nested = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 })) })).node;
    fc.assert(fc.property(nested, (data) => {
      tidy(() => handled(t, () => tensor(as(data)), (r: Tensor) => expectSoundShape(r.shape)));
    }), { numRuns: 500, seed: 13 });
    // nesting as deep as a hostile JSON file could make it
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    handled(t, () => tensor(as(deep)), (r: Tensor) => expect(r.size).toBe(1));
  });
});
