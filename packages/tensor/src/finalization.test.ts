import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { cpu } from './device';
import { keep, onLeak, tidy } from './memory';
import { tensor } from './ops/creation';
import type { Tensor } from './tensor';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until `want` leaks are reported (finalizers run in later tasks), at most 20 rounds. */
async function leaksAfterGc(reports: unknown[], want: number): Promise<number> {
  for (let round = 0; round < 20 && reports.length < want; round++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
  return reports.length;
}

/** Makes tensors through `make` in a function of its own, so nothing here holds them afterwards. */
function drop(make: () => void): void {
  make();
}

describe('finalization of undisposed tensors', () => {
  afterEach(() => onLeak(null));

  it('reports and frees a tensor dropped outside any scope, one returned from tidy, one kept, one left by a throw', async () => {
    const reports: { shape: readonly number[] }[] = [];
    onLeak((info) => reports.push(info));
    const before = cpu().memory();
    drop(() => {
      tensor([1, 2, 3]);
      tidy(() => tensor([[1, 2]]).mul(2));
      tidy(() => {
        keep(tensor([4]).add(1));
      });
      expect(() => tidy(() => {
        tensor([5, 6, 7, 8]).neg();
        throw new Error('boom');
      })).toThrow('boom');
    });
    // outside: [3]; returned: [1,2] (its input was disposed); kept: [1]; the throw: [4] and its negation
    expect(await leaksAfterGc(reports, 5)).toBe(5);
    expect(reports.map((r) => r.shape.join('x')).sort()).toEqual(['1', '1x2', '3', '4', '4'].sort());
    expect(cpu().memory()).toEqual(before);
  });

  it('reports nothing for tensors a scope disposed, nor for ones the caller disposed', async () => {
    const reports: unknown[] = [];
    onLeak((info) => reports.push(info));
    const before = cpu().memory();
    drop(() => {
      tidy(() => {
        tensor([1, 2]).exp().sum();
      });
      const kept: Tensor = tidy(() => tensor([3]).add(1));
      kept.dispose();
    });
    // one tensor that is never disposed shows the collector did run
    drop(() => {
      tensor([9]);
    });
    expect(await leaksAfterGc(reports, 1)).toBe(1);
    expect(cpu().memory()).toEqual(before);
  });
});
