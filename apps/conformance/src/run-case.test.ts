import * as dnn from '@dnn/tensor';
import { describe, expect, it } from 'vitest';
import { EXACT, mismatch } from './compare';
import { CPU_TOLERANCE as TOLERANCE } from './devices';
import { loadFixture, type Case } from './fixture';
import { runCase, type OpTable } from './run-case';
import { like, t } from './ops/inputs';

// the harness must fail when dnn is wrong: feed it deliberately wrong op tables
const cases = loadFixture('elementwise').cases;
const byName = (name: string): Case => cases.find((c) => c.name === name)!;

describe('runCase', () => {
  const add = byName('add/bcast-3x1-1x4');
  const right: OpTable = { add: (xs) => dnn.add(like(xs, 0), like(xs, 1)) };

  it('passes a correct mapping in both dtypes', async () => {
    expect(await runCase(add, right, 'float64')).toEqual([]);
    expect(await runCase(add, right, 'float32')).toEqual([]);
  });
  it('reports a wrong forward value with its worst element', async () => {
    const [line] = await runCase(add, { add: (xs) => dnn.sub(like(xs, 0), like(xs, 1)) }, 'float64');
    expect(line).toMatch(/^output 0: \d+ of 12 elements differ; worst at \[\d, \d\]: got -?[\d.e-]+, expected -?[\d.e-]+/);
  });
  it('reports a missing gradient', async () => {
    const failures = await runCase(add, { add: (xs) => dnn.add(t(xs, 0), t(xs, 1).detach()) }, 'float64');
    expect(failures).toEqual([expect.stringMatching(/^grad of input 1: 4 of 4 elements differ/)]);
  });
  it('reports a wrong shape and a wrong dtype', async () => {
    expect((await runCase(add, { add: (xs) => dnn.add(t(xs, 0), t(xs, 1)).sum() }, 'float64'))[0]).toMatch(/^output 0: shape \[\], expected \[3, 4\]/);
    expect((await runCase(add, { add: (xs) => dnn.add(t(xs, 0), t(xs, 1)).float() }, 'float64'))[0]).toBe('output 0: dtype float32, expected float64');
  });
  it('feeds transposed inputs as non-contiguous views', async () => {
    const c = byName('neg/noncontig');
    expect(c.inputs[0]).toMatchObject({ kind: 'tensor', transpose: [0, 1], shape: [5, 3] });
    let seen: readonly number[] = [];
    await runCase(c, { neg: (xs) => ((seen = t(xs, 0).strides), dnn.neg(t(xs, 0))) }, 'float64');
    expect(seen).toEqual([1, 3]);
  });
  it('names an op the table lacks', async () => {
    expect(await runCase(add, {}, 'float64')).toEqual(["no dnn mapping for op 'add'"]);
  });
});

describe('mismatch', () => {
  it('applies atol + rtol·|expected|', async () => {
    expect(mismatch([1 + 0.9e-9], [1], [1], TOLERANCE.float64)).toBeNull();
    expect(mismatch([1 + 1.1e-9], [1], [1], TOLERANCE.float64)).toMatch(/^1 of 1 elements differ; worst at \[0\]/);
    expect(mismatch([1e-5 + 0.9e-5], [1e-5], [1], TOLERANCE.float32)).toBeNull();
    expect(mismatch([2], [1], [1], { rtol: 0.5, atol: 0.5 })).toBeNull();
  });
  it('matches NaN with NaN and infinities by sign only', async () => {
    expect(mismatch([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], [3], EXACT)).toBeNull();
    expect(mismatch([1], [NaN], [1], TOLERANCE.float32)).not.toBeNull();
    expect(mismatch([NaN], [1], [1], TOLERANCE.float32)).not.toBeNull();
    expect(mismatch([Infinity], [-Infinity], [1], TOLERANCE.float32)).not.toBeNull();
    expect(mismatch([1e300], [Infinity], [1], TOLERANCE.float32)).not.toBeNull();
  });
  it('picks the worst element and gives its multi-index', async () => {
    expect(mismatch([0, 0, 5, 1, 0, 0], [0, 0, 0, 0, 0, 0], [2, 3], EXACT)).toMatch(/^2 of 6 elements differ; worst at \[0, 2\]: got 5, expected 0/);
  });
});
