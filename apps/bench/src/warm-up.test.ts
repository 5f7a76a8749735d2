import { describe, expect, it } from 'vitest';
import { timeRunner, withWarmUp, type Builders } from './timing';
import type { Runner } from './types';

/** A runner whose first run is slow (a GPU compiling its shaders), the later ones fast. */
function compilingRunner(firstMs: number): { runner: Runner; runs: () => number } {
  let runs = 0;
  return {
    runner: {
      run: async () => {
        if (runs++ === 0) await new Promise((r) => setTimeout(r, firstMs));
      },
      dispose: () => {},
    },
    runs: () => runs,
  };
}

describe('warm-up runs', () => {
  it('without one, a slow first run longer than the budget is the measurement', async () => {
    const { runner } = compilingRunner(300);
    const t = await timeRunner(runner, 0.05);
    expect(t.runs).toBe(1);
    expect(t.ms).toBeGreaterThanOrEqual(290);
  });

  it('withWarmUp runs it once untimed, so the slow first run is not measured', async () => {
    const c = compilingRunner(300);
    const builders: Builders = { add: () => c.runner };
    const built = withWarmUp(builders).add!({ kind: 'add', n: 1 });
    if ('unsupported' in built) throw new Error('expected a runner');
    const t = await timeRunner(built, 0.05);
    expect(t.ms).toBeLessThan(100);
    expect(t.runs).toBeGreaterThanOrEqual(3);
    // the untimed run, the timed warm-up, then the repetitions
    expect(c.runs()).toBe(t.runs + 2);
  });

  it('passes unsupported workloads through', () => {
    const built = withWarmUp({ add: () => ({ unsupported: 'no kernel' }) }).add!({ kind: 'add', n: 1 });
    expect(built).toEqual({ unsupported: 'no kernel' });
  });
});
