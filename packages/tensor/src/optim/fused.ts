import type { OptimizerStepSpec, ParamUpdate } from '../backend/contract';
import { Tensor } from '../tensor';
import { keep, tidy } from '../memory';
import { fromBuffer } from '../primitives/dispatch';
import { sameShape } from '../shape';
import type { ParamState } from './optimizer';

/** A parameter due for an update: its gradient and its (possibly still empty) state. */
export interface StepItem {
  readonly p: Tensor;
  readonly grad: Tensor;
  readonly state: ParamState;
}

/**
 * Whether the backend can run these updates as one `optimizerStep` call: it has the kernel, every
 * parameter and gradient share one device and one float dtype, and each state tensor named in `keys`
 * (where present) holds one value per parameter element. Otherwise the optimizer runs its composite.
 */
export function canFuse(items: readonly StepItem[], keys: readonly string[]): boolean {
  const first = items[0];
  if (!first || !first.p.device.backend.optimizerStep) return false;
  const { device, dtype } = first.p;
  return items.every(({ p, grad, state }) =>
    p.device === device && p.dtype === dtype && grad.device === device && grad.dtype === dtype && sameShape(grad.shape, p.shape)
    && (state.step === undefined || typeof state.step === 'number')
    && keys.every((k) => {
      const s = state[k];
      return s === undefined || (s instanceof Tensor && s.device === device && s.dtype === dtype && sameShape(s.shape, p.shape));
    }));
}

/**
 * Runs every update in one backend call and swaps the results in with `assign`, exactly as the
 * composite does: parameters and state tensors keep their objects, values saved on a tape keep theirs.
 * A state key absent from an item (SGD's momentum buffer on the first step) is created from the result.
 */
export function fusedStep(spec: OptimizerStepSpec, items: readonly StepItem[], keys: readonly string[], steps: readonly number[]): void {
  const op = 'optimizer.step';
  const backend = items[0]!.p.device.backend;
  const updates: ParamUpdate[] = items.map(({ p, grad, state }, i) => ({
    param: p.viewFor(op),
    grad: grad.viewFor(op),
    state: keys.map((k) => (state[k] ? (state[k] as Tensor).viewFor(op) : null)),
    step: steps[i]!,
  }));
  const results = backend.optimizerStep!(spec, updates);
  tidy(() => items.forEach(({ p, state }, i) => {
    const [param, ...rest] = results[i]!;
    p.assign(fromBuffer(p, param, p.dtype, p.shape));
    keys.forEach((k, j) => {
      const value = fromBuffer(p, rest[j], p.dtype, p.shape);
      const old = state[k] as Tensor | undefined;
      if (old) old.assign(value);
      else state[k] = keep(value);
    });
  }));
}
