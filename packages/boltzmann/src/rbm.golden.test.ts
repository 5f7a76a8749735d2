import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { tensor, type Tensor } from '@dnn/tensor';
import { RBM, cdGradient, queuedDraws } from './index';

interface Arr { shape: number[]; data: number[] }
interface CDRun { k: number; persistent: Arr | null; draws: Arr[]; negative: Arr; chain: Arr | null; grads: Record<string, Arr> }
interface Case {
  name: string; visible: 'bernoulli' | 'gaussian'; learnSigma: boolean; nVisible: number; nHidden: number;
  state: Record<string, Arr>; v: Arr; freeEnergy: Arr; hiddenProbs: Arr; h: Arr; visibleMean: Arr; cd: CDRun[];
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/rbm-golden.json', import.meta.url), 'utf8')) as { cases: Case[] };
const f64 = (a: Arr): Tensor => tensor(Float64Array.from(a.data), { shape: a.shape, dtype: 'float64' });

function expectClose(actual: Tensor, expected: Arr, what: string): void {
  expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const a = actual.dataSync();
  expected.data.forEach((e, i) => expect(Math.abs((a[i] as number) - e), `${what}[${i}]: ${a[i]} vs ${e}`).toBeLessThan(1e-12 * (1 + Math.abs(e))));
}

describe('RBM matches PyTorch (float64)', () => {
  for (const c of fixtures.cases) {
    describe(c.name, () => {
      const rbm = new RBM(c.nVisible, c.nHidden, { visible: c.visible, learnSigma: c.learnSigma, dtype: 'float64' });
      rbm.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, f64(v)])), { strict: true });

      it('free energy, p(h | v) and E[v | h]', () => {
        expectClose(rbm.freeEnergy(f64(c.v)), c.freeEnergy, 'free energy');
        expectClose(rbm.hiddenProbs(f64(c.v)), c.hiddenProbs, 'p(h|v)');
        expectClose(rbm.visibleMean(f64(c.h)), c.visibleMean, 'E[v|h]');
      });

      for (const run of c.cd) {
        it(`${run.persistent ? 'PCD' : 'CD'}-${run.k} from the recorded draws: negative sample and gradients`, () => {
          const draws = queuedDraws(run.draws.map(f64));
          const res = cdGradient(rbm, f64(c.v), { k: run.k, draws, persistent: run.persistent ? f64(run.persistent) : undefined });
          expect(draws.remaining()).toBe(0);
          expectClose(res.negative, run.negative, 'negative sample');
          if (run.chain) expectClose(res.chain!, run.chain, 'chain');
          for (const [name, g] of Object.entries(run.grads)) expectClose(res.grads[name as 'weight']!, g, `grad ${name}`);
        });
      }
    });
  }
});
