import { ValueError, fmtShape } from '../errors';
import { isFloat } from '../dtype';
import type { Tensor } from '../tensor';
import { runBackward, type BackwardOptions } from './engine';
import { enableGrad } from './mode';
import { onesLike } from '../ops/creation';
import { keep } from '../memory';

/** Accumulates d(root)/d(leaf) into every leaf's `.grad` (torch.Tensor.backward). */
export function backward(root: Tensor, gradOutput?: Tensor, opts: BackwardOptions = {}): void {
  if (!root.requiresGrad) {
    throw new ValueError('backward: tensor does not require grad (no input had requiresGrad = true, or it was computed under noGrad)');
  }
  if (!gradOutput && root.size !== 1) {
    throw new ValueError(`backward: gradient can be implicit only for a scalar output, got ${fmtShape(root.shape)}; pass a gradient`);
  }
  const g = gradOutput ?? onesLike(root);
  const grads = runBackward([root], [g], null, opts);
  if (!gradOutput) g.dispose();
  for (const [t, gt] of grads) {
    const prev = t.grad as Tensor | null;
    if (prev) {
      t.grad = keep(prev.add(gt));
      prev.dispose();
      gt.dispose();
    } else {
      t.grad = gt.shape.length === t.shape.length ? gt : gt.reshape(t.shape);
    }
  }
}

/** Gradients of `outputs` with respect to `inputs`, without touching `.grad` (torch.autograd.grad). */
export function gradients(
  outputs: Tensor | readonly Tensor[], inputs: readonly Tensor[], gradOutputs?: readonly Tensor[], opts: BackwardOptions = {},
): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? (outputs as Tensor[]) : [outputs as Tensor];
  const seeds = gradOutputs ?? outs.map((o) => onesLike(o));
  const grads = runBackward(outs, seeds, inputs, opts);
  if (!gradOutputs) seeds.forEach((s) => s.dispose());
  return inputs.map((t) => grads.get((t.source as Tensor | null) ?? t) ?? null);
}

type TensorFn = (...args: Tensor[]) => Tensor;

/**
 * Functional gradient: `grad(f)(x, y)` returns [df/dx, df/dy] for a scalar-valued f.
 * Nested `grad(grad(f))` works because the inner sweep is recorded (createGraph).
 */
export function grad(fn: TensorFn, opts: { argnums?: number[] } = {}): (...args: Tensor[]) => Tensor[] {
  const vg = valueAndGrad(fn, opts);
  return (...args) => {
    const [value, grads] = vg(...args);
    value.dispose();
    return grads;
  };
}

export function valueAndGrad(fn: TensorFn, opts: { argnums?: number[] } = {}): (...args: Tensor[]) => [Tensor, Tensor[]] {
  return (...args) => {
    const argnums = opts.argnums ?? args.map((_, i) => i);
    return enableGrad(() => {
      const inputs = args.map((a, i) => {
        if (!argnums.includes(i)) return a;
        if (!isFloat(a.dtype)) throw new ValueError(`grad: argument ${i} must be a float tensor, got ${a.dtype}`);
        // an outer grad may be tracing through a: keep that link, only mark a fresh handle as needing grad
        const h = a.requiresGrad ? a.mul(1) : a.detach();
        h.requiresGrad = true;
        return h;
      });
      const value = fn(...inputs);
      if (value.size !== 1) throw new ValueError(`grad: function must return a scalar, got ${fmtShape(value.shape)}`);
      const nested = args.some((a) => a.requiresGrad);
      const gs = gradients(value, argnums.map((i) => inputs[i]!), undefined, { createGraph: nested });
      const out = gs.map((g, k) => g ?? inputs[argnums[k]!]!.zerosLike());
      if (nested) return [value, out];
      // outside an outer grad nothing links to these handles any more: release them now, not at GC
      const result = value.detach();
      value.dispose();
      for (const i of argnums) inputs[i]!.dispose();
      return [result, out];
    });
  };
}
