import { describe, it, expect } from 'vitest';
import { Tensor, tensor, ones } from '@dnn/tensor';
import { readFixture, f64, expectCloseTo, type Arr } from './golden';
import { MultiheadAttention } from './multihead-attention';

interface Case {
  name: string; embedDim: number; numHeads: number; options: { bias: boolean; batchFirst: boolean };
  selfAttention: boolean; keyValidLengths: number[] | null; causal: boolean; average: boolean;
  state: Record<string, Arr>; inputs: Arr[]; gradOutput: Arr; output: Arr; weights: Arr; gradInputs: Arr[];
  gradParams: Record<string, Arr>;
}

describe('MultiheadAttention matches nn.MultiheadAttention (float64 output, weights, gradients)', () => {
  for (const c of readFixture<Case>('attention.json').cases) {
    it(c.name, () => {
      const mha = new MultiheadAttention(c.embedDim, c.numHeads, { ...c.options, dtype: 'float64' });
      mha.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, f64(v)])), { strict: true });
      expect(Object.keys(mha.stateDict()).sort()).toEqual(Object.keys(c.state).sort());
      const inputs = c.inputs.map((a) => f64(a).setRequiresGrad());
      const [q, k, v] = c.selfAttention ? [inputs[0]!, inputs[0]!, inputs[0]!] : inputs as [Tensor, Tensor, Tensor];
      const S = k.shape[c.options.batchFirst ? 1 : 0]!;
      const keyPaddingMask = c.keyValidLengths ? tensor(c.keyValidLengths.map((n) => Array.from({ length: S }, (_, j) => j >= n)), { dtype: 'bool' }) : undefined;
      // the causal case goes through attnMask (PyTorch's form) when self-attending, through `causal` otherwise
      const L = q.shape[c.options.batchFirst ? 1 : 0]!;
      const attnMask = c.causal && c.selfAttention ? ones([L, S], { dtype: 'bool' }).triu(1) : undefined;
      const { output, weights } = mha.forward(q, k, v, { keyPaddingMask, attnMask, causal: c.causal && !c.selfAttention, averageAttnWeights: c.average });
      expectCloseTo(output, c.output, 'output');
      expectCloseTo(weights!, c.weights, 'weights');
      output.mul(f64(c.gradOutput)).sum().backward();
      inputs.forEach((t, i) => expectCloseTo(t.grad!, c.gradInputs[i]!, `gradient of input ${i}`));
      const params = Object.fromEntries(mha.namedParameters());
      for (const [name, g] of Object.entries(c.gradParams)) expectCloseTo(params[name]!.grad!, g, `gradient of ${name}`);
    });
  }
});
