import { Tensor } from '../tensor';
import { isFloat } from '../dtype';
import { ValueError, fmtShape } from '../errors';
import { describeValue } from '../io/tensor-dict';
import { enableGrad, noGrad } from '../autograd/mode';
import { isTensor, keep, tidy } from '../memory';
import { full } from '../ops/creation';
import type { StepItem } from './fused';

/** Hyper-parameters every optimizer has; each optimizer adds its own. */
export interface OptimizerOptions {
  lr: number;
}

/** A parameter group: its tensors and its hyper-parameters (the defaults, overridden per group). */
export type ParamGroup<O extends OptimizerOptions> = O & {
  params: Tensor[];
  /** Set by the first learning-rate scheduler attached, as PyTorch's `initial_lr`. */
  initialLr?: number;
};

/** What a caller passes for a group: its tensors and any hyper-parameters that differ from the defaults. */
export type ParamGroupInput<O extends OptimizerOptions> = Partial<O> & { params: Iterable<Tensor> };

/** Parameters as a flat list (one group) or as groups with their own hyper-parameters. */
export type Params<O extends OptimizerOptions> = Iterable<Tensor> | readonly ParamGroupInput<O>[];

/** Per-parameter state: tensors (moment estimates, buffers) and numbers (step counts). */
export type ParamState = Record<string, Tensor | number>;

/**
 * A serializable snapshot, shaped like PyTorch's: state by parameter index (counting through the groups
 * in order) and each group's hyper-parameters with the indices of its parameters.
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/**
 * Base class of the optimizers. `step()` updates every parameter that has a gradient, in place with
 * `assign` under noGrad, so modules keep their Parameter objects. State tensors are owned by the
 * optimizer (never by a tidy scope) and also updated with `assign`, so the tensors `stateDict()`
 * hands out stay valid and a training loop allocates nothing that outlives a step.
 */
export abstract class Optimizer<O extends OptimizerOptions = OptimizerOptions> {
  readonly defaults: Readonly<O>;
  readonly paramGroups: ParamGroup<O>[] = [];
  readonly state = new Map<Tensor, ParamState>();

  constructor(params: Params<O>, defaults: O) {
    this.defaults = { ...defaults };
    this.validate(this.defaults, 'defaults');
    const list = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (list.length === 0) throw new ValueError(`${this.constructor.name}: got an empty parameter list`);
    if (list.every(isTensor)) this.addParamGroup({ params: list as Tensor[] } as unknown as ParamGroupInput<O>);
    else if (list.some(isTensor)) throw new ValueError(`${this.constructor.name}: pass either tensors or parameter groups, not a mix`);
    else for (const g of list as ParamGroupInput<O>[]) this.addParamGroup(g);
  }

  /** Checks one group's hyper-parameters; throws a ValueError naming the option. */
  protected abstract validate(group: O, where: string): void;

  /** Updates one parameter from its gradient; runs under noGrad inside a tidy scope. */
  protected abstract update(p: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<O>): void;

  /**
   * Updates a group's parameters in one backend call (`optimizerStep`) when the backend has it and the
   * tensors allow; returns false to have `update` run per parameter instead (the default).
   */
  protected stepFused(_items: readonly StepItem[], _group: ParamGroup<O>): boolean {
    return false;
  }

  addParamGroup(input: ParamGroupInput<O>): void {
    const name = this.constructor.name;
    const where = `parameter group ${this.paramGroups.length}`;
    const params = [...input.params];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of params) {
      if (!isTensor(p)) throw new ValueError(`${name}: ${where} holds a ${typeof p}, expected tensors`);
      if (!p.isLeaf) throw new ValueError(`${name}: cannot optimize a non-leaf tensor ${fmtShape(p.shape)} (${where})`);
      if (!isFloat(p.dtype)) throw new ValueError(`${name}: parameters must be float, got ${p.dtype} ${fmtShape(p.shape)} (${where})`);
      if (seen.has(p)) throw new ValueError(`${name}: a parameter ${fmtShape(p.shape)} appears in more than one group or twice (${where})`);
      seen.add(p);
    }
    const group = { ...this.defaults, ...input, params } as ParamGroup<O>;
    this.validate(group, where);
    this.paramGroups.push(group);
  }

  /**
   * One update of every parameter with a gradient. With a closure, it is called first (with
   * gradients recorded) to recompute the loss, which is returned.
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) {
        const items: StepItem[] = [];
        for (const p of group.params) {
          const grad = p.grad;
          if (!grad) continue;
          let state = this.state.get(p);
          if (!state) this.state.set(p, (state = {}));
          items.push({ p, grad, state });
        }
        if (items.length === 0 || this.stepFused(items, group)) continue;
        for (const { p, grad, state } of items) tidy(() => this.update(p, grad, state, group));
      }
    });
    return loss;
  }

  /** Drops the gradients (default, like PyTorch's set_to_none) or fills them with zeros. */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (setToNone || !p.grad) p.zeroGrad();
        else noGrad(() => p.grad!.assign(full(p.grad!.shape, 0, { dtype: p.grad!.dtype, device: p.grad!.device })));
      }
    }
  }

  /** A tensor of the optimizer's own (kept out of any tidy scope), zero-filled like p unless a value is given. */
  protected newState(p: Tensor, value = 0): Tensor {
    return keep(full(p.shape, value, { dtype: p.dtype, device: p.device }));
  }

  /** The state tensors are the optimizer's live ones (they change as it steps); numbers are copied. */
  stateDict(): OptimizerStateDict {
    const index = this.indexOfParams();
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) state[index.get(p)!] = { ...s };
    const paramGroups = this.paramGroups.map(({ params, ...hyper }) => ({
      ...structuredCloneHyper(hyper),
      params: params.map((p) => index.get(p)!),
    }));
    return { state, paramGroups };
  }

  /**
   * Restores hyper-parameters and state. The groups must have the same sizes as this optimizer's;
   * state tensors are copied onto each parameter's device (floating ones cast to its dtype).
   */
  loadStateDict(dict: OptimizerStateDict): void {
    const name = `${this.constructor.name}.loadStateDict`;
    if (!isPlainObject(dict) || !isPlainObject(dict.state) || !Array.isArray(dict.paramGroups)) {
      throw new ValueError(`${name}: expected { state, paramGroups }, got ${describeValue(dict)}`);
    }
    dict.paramGroups.forEach((g, i) => {
      if (!isPlainObject(g) || !Array.isArray(g.params)) throw new ValueError(`${name}: parameter group ${i} has no params array`);
    });
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new ValueError(`${name}: the state has ${dict.paramGroups.length} parameter groups, the optimizer ${this.paramGroups.length}`);
    }
    dict.paramGroups.forEach((g, i) => {
      const own = this.paramGroups[i]!.params.length;
      if (g.params.length !== own) throw new ValueError(`${name}: parameter group ${i} has ${g.params.length} parameters in the state, ${own} in the optimizer`);
    });
    dict.paramGroups.forEach(({ params: _, ...hyper }, i) => checkHyper(name, i, this.paramGroups[i]!, hyper));
    const byIndex = this.paramGroups.flatMap((g) => g.params);
    for (const [key, s] of Object.entries(dict.state)) {
      for (const v of isPlainObject(s) ? Object.values(s) : []) if (v instanceof Tensor) v.assertAlive(name);
    }
    const loaded = new Map<Tensor, ParamState>();
    for (const [key, s] of Object.entries(dict.state)) {
      // own keys that spell an index only: "toString" or "1e0" name no parameter
      const p = /^(0|[1-9]\d*)$/.test(key) ? byIndex[Number(key)] : undefined;
      if (!p) throw new ValueError(`${name}: state for parameter ${key}, but the optimizer has ${byIndex.length} parameters`);
      if (!isPlainObject(s)) throw new ValueError(`${name}: state for parameter ${key} must be an object, got ${describeValue(s)}`);
      for (const [k, v] of Object.entries(s)) {
        if (!(v instanceof Tensor) && typeof v !== 'number') throw new ValueError(`${name}: state '${k}' of parameter ${key} must be a tensor or a number, got ${describeValue(v)}`);
      }
      loaded.set(p, copyState(s, p));
    }
    this.disposeState();
    for (const [p, s] of loaded) this.state.set(p, s);
    dict.paramGroups.forEach(({ params: _, ...hyper }, i) => {
      Object.assign(this.paramGroups[i]!, structuredCloneHyper(hyper));
    });
  }

  /** Frees the state tensors (the parameters stay). */
  dispose(): void {
    this.disposeState();
  }

  private disposeState(): void {
    for (const s of this.state.values()) for (const v of Object.values(s)) if (isTensor(v)) v.dispose();
    this.state.clear();
  }

  private indexOfParams(): Map<Tensor, number> {
    const index = new Map<Tensor, number>();
    for (const g of this.paramGroups) for (const p of g.params) index.set(p, index.size);
    return index;
  }
}

/**
 * A loaded group's hyper-parameters: a known one keeps its kind (a number stays a number, betas an
 * array of numbers); a new one (a scheduler's initialLr) must be a plain value, never named like an
 * Object member (Object.assign would call the __proto__ setter).
 */
function checkHyper(name: string, i: number, own: object, hyper: Record<string, unknown>): void {
  const kind = (v: unknown) => (Array.isArray(v) ? (v.every((x) => typeof x === 'number') ? 'numbers' : 'array') : v === null ? 'null' : typeof v);
  for (const [k, v] of Object.entries(hyper)) {
    const has = Object.hasOwn(own, k);
    const expected = has ? kind((own as Record<string, unknown>)[k]) : undefined;
    const ok = has ? kind(v) === expected : !(k in Object.prototype) && ['number', 'boolean', 'string', 'numbers'].includes(kind(v));
    if (!ok) throw new ValueError(`${name}: parameter group ${i}: '${k}' ${has ? `must be ${expected === 'numbers' ? 'an array of numbers' : `a ${expected}`}` : 'is not a hyper-parameter'}, got ${describeValue(v)}`);
  }
}

/** Hyper-parameters are numbers, booleans, strings and small arrays of numbers (betas). */
function structuredCloneHyper(hyper: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(hyper).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function copyState(s: ParamState, p: Tensor): ParamState {
  const out: ParamState = {};
  for (const [k, v] of Object.entries(s)) {
    if (!(v instanceof Tensor)) {
      out[k] = v;
      continue;
    }
    if (v.size !== p.size && v.size !== 1) {
      throw new ValueError(`loadStateDict: state '${k}' has shape ${fmtShape(v.shape)}, its parameter ${fmtShape(p.shape)}`);
    }
    out[k] = keep(tidy(() => noGrad(() => {
      const moved = v.to(p.device);
      return (isFloat(v.dtype) ? moved.cast(p.dtype) : moved).clone();
    })));
  }
  return out;
}
