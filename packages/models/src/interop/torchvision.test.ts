import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { noGrad, type Module, type Tensor } from '@dnn/tensor';
import { alexnet, googlenet, resnet18, resnet50 } from '../index';
import { applyFormula, formulaInput } from './formula';

interface Fixture { model: string; inputShape: number[]; state: [string, number[]][]; numParameters: number; logits: number[]; logitsShape: number[] }
const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/torchvision-${name}.json`, import.meta.url), 'utf8')) as Fixture;

const builders: Record<string, () => Module & { forward(x: Tensor): Tensor }> = {
  alexnet: () => alexnet(),
  resnet18: () => resnet18(),
  resnet50: () => resnet50(),
  googlenet: () => googlenet(),
};

describe('interchangeable with torchvision (formula weights, eval mode, 1e-4 relative)', () => {
  for (const name of Object.keys(builders)) {
    it(`${name}: same state-dict names, shapes, parameter count and logits`, () => {
      const fx = load(name);
      const model = builders[name]!().eval();
      const ours = Object.entries(model.stateDict()).map(([k, t]) => [k, [...t.shape]] as [string, number[]]);
      const theirs = new Map(fx.state);
      const missing = fx.state.filter(([k]) => !ours.some(([o]) => o === k)).map(([k]) => k);
      const extra = ours.filter(([k]) => !theirs.has(k)).map(([k]) => k);
      const badShapes = ours.filter(([k, s]) => theirs.has(k) && JSON.stringify(theirs.get(k)) !== JSON.stringify(s))
        .map(([k, s]) => `${k}: ours [${s}] vs torchvision [${theirs.get(k)}]`);
      expect({ missing, extra, badShapes }).toEqual({ missing: [], extra: [], badShapes: [] });
      expect(model.numParameters()).toBe(fx.numParameters);
      applyFormula(model);
      const logits = noGrad(() => model.forward(formulaInput(fx.inputShape)));
      expect(logits.shape).toEqual(fx.logitsShape);
      const got = logits.dataSync();
      const scale = Math.max(...fx.logits.map(Math.abs));
      const worst = fx.logits.reduce((w, e, i) => Math.max(w, Math.abs(got[i]! - e) / scale), 0);
      expect(worst, `${name}: worst logit error relative to max |logit| ${scale}`).toBeLessThan(1e-4);
    }, 120_000);
  }
});
