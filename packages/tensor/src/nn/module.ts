import type { Generator } from '../random/generator';
import { Tensor } from '../tensor';
import type { Device } from '../device';
import { cpu, getDefaultDevice } from '../device';
import type { DType } from '../dtype';
import { tensorEntries } from '../io/tensor-dict';
import { ValueError, fmtShape } from '../errors';
import { sameShape } from '../shape';
import { noGrad } from '../autograd/mode';
import { Parameter } from './parameter';

/** Where a module puts its parameters: injected, CPU by default. */
/** What every layer's options object holds (a layer's own options interface extends it). */
export interface ModuleOptions {
  /** Where parameters and buffers are created. Default: the default device. */
  device?: Device;
  /** Floating-point type of parameters and buffers. Default 'float32'. */
  dtype?: DType;
  /** Random source of the initialization (and of dropout masks). Default: the global generator. */
  generator?: Generator;
}

export function resolveOptions(opts: ModuleOptions = {}): { device: Device; dtype: DType } {
  return { device: opts.device ?? getDefaultDevice(), dtype: opts.dtype ?? 'float32' };
}

export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Base class of every layer. Parameters, buffers and submodules are found by walking the instance's
 * own fields (no registration calls): a Parameter field is a parameter, any other Tensor field a
 * buffer (fields starting with `_` are skipped), a Module field (or an array of Modules) a submodule.
 *
 * A buffer is saved in the state dict unless it was declared non-persistent with
 * `registerBuffer(name, t, { persistent: false })`: index tables, masks and fixed prototypes that
 * the constructor rebuilds. Every buffer, persistent or not, moves with `to(device)`.
 */
export abstract class Module {
  training = true;
  /** Field names of buffers that move with the module but are not saved. */
  private readonly _nonPersistent = new Set<string>();

  abstract forward(...args: never[]): unknown;

  /** Runs forward; the callable shorthand (`asFunction(m)` gives a plain function). */
  call<A extends unknown[], R>(this: { forward(...args: A): R }, ...args: A): R {
    return this.forward(...args);
  }

  /** Direct children with their names, in field order (arrays index as `name.0`, `name.1`…). */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (key.startsWith('_')) continue;
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value) && value.length && value.every((v) => v instanceof Module)) {
        value.forEach((m, i) => out.push([`${key}.${i}`, m as Module]));
      }
    }
    return out;
  }

  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** This module's own tensors (not its children's), by field name. */
  protected ownTensors(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (!key.startsWith('_') && value instanceof Tensor) out.push([key, value]);
    }
    return out;
  }

  namedParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, t] of m.ownTensors()) {
        if (t instanceof Parameter && !seen.has(t)) {
          seen.add(t);
          out.push([prefix ? `${prefix}.${name}` : name, t]);
        }
      }
    }
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * Sets field `name` to a buffer: a tensor that is not trained. `persistent: false` keeps it out of
   * the state dict (it is rebuilt by the constructor) while `to(device)` still moves it.
   */
  registerBuffer<T extends Tensor | null>(name: string, tensor: T, opts: { persistent?: boolean } = {}): T {
    if (name.startsWith('_') || name.includes('.')) {
      throw new ValueError(`${this.constructor.name}.registerBuffer: name "${name}" may not start with "_" or contain "."`);
    }
    if (tensor instanceof Parameter) throw new ValueError(`${this.constructor.name}.registerBuffer: "${name}" is a Parameter, not a buffer`);
    (this as unknown as Record<string, unknown>)[name] = tensor;
    if (opts.persistent === false) this._nonPersistent.add(name);
    else this._nonPersistent.delete(name);
    return tensor;
  }

  /** Buffers by dotted name; `{ persistent: true }` keeps only those saved in the state dict. */
  namedBuffers(opts: { persistent?: boolean } = {}): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, t] of m.ownTensors()) {
        if (t instanceof Parameter) continue;
        if (opts.persistent && m._nonPersistent.has(name)) continue;
        out.push([prefix ? `${prefix}.${name}` : name, t]);
      }
    }
    return out;
  }

  /** Number of elements in trainable parameters (or all, with `trainableOnly: false`). */
  numParameters(trainableOnly = true): number {
    return this.parameters().filter((p) => !trainableOnly || p.requiresGrad).reduce((n, p) => n + p.size, 0);
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Moves every parameter and buffer to `device` in place. */
  to(device: Device): this {
    for (const [, t] of [...this.namedParameters(), ...this.namedBuffers()]) t.moveInPlace(device);
    return this;
  }

  /** Like `to`, for leaving a device that only reads asynchronously (WebGPU). */
  async toAsync(device: Device): Promise<this> {
    for (const [, t] of [...this.namedParameters(), ...this.namedBuffers()]) await t.moveInPlaceAsync(device);
    return this;
  }

  /** Parameters and buffers by PyTorch-style dotted name. The tensors are the module's own. */
  stateDict(): Record<string, Tensor> {
    // fromEntries defines keys, so no name can reach Object.prototype's setters
    return Object.fromEntries([...this.namedParameters(), ...this.namedBuffers({ persistent: true })]);
  }

  /**
   * Copies values in by name. Strict mode (default) refuses missing or unexpected keys; shape
   * mismatches are always refused. Every problem is reported at once, by name.
   */
  loadStateDict(dict: Record<string, Tensor>, opts: { strict?: boolean } = {}): LoadResult {
    const strict = opts.strict ?? true;
    // Maps on both sides: a key counts only when the dict itself holds it (never Object.prototype's)
    const given = tensorEntries(dict, 'loadStateDict');
    const own = new Map([...this.namedParameters(), ...this.namedBuffers({ persistent: true })]);
    const missingKeys = [...own.keys()].filter((k) => !given.has(k));
    const unexpectedKeys = [...given.keys()].filter((k) => !own.has(k));
    const mismatched = [...own]
      .filter(([k, t]) => given.has(k) && !sameShape(t.shape, given.get(k)!.shape))
      .map(([k, t]) => `${k}: expected ${fmtShape(t.shape)}, got ${fmtShape(given.get(k)!.shape)}`);
    const problems = [
      ...(mismatched.length ? [`shape mismatch: ${mismatched.join('; ')}`] : []),
      ...(strict && missingKeys.length ? [`missing keys: ${missingKeys.join(', ')}`] : []),
      ...(strict && unexpectedKeys.length ? [`unexpected keys: ${unexpectedKeys.join(', ')}`] : []),
    ];
    if (problems.length) throw new ValueError(`loadStateDict: ${problems.join('. ')}`);
    noGrad(() => {
      for (const [k, t] of own) {
        const src = given.get(k);
        if (!src) continue;
        t.assign(src.device === t.device ? src.cast(t.dtype) : src.to(t.device).cast(t.dtype));
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /** A one-line description used by toString; layers override it with their options. */
  extraRepr(): string {
    return '';
  }

  toString(): string {
    return describe(this, '', 0);
  }
}

function describe(m: Module, name: string, depth: number): string {
  const pad = '  '.repeat(depth);
  const children = m.namedChildren();
  const count = m.numParameters(false);
  const head = `${pad}${name ? `(${name}): ` : ''}${m.constructor.name}(${m.extraRepr()})`;
  if (!children.length) return `${head}${count ? `  # ${count.toLocaleString('en-US')} params` : ''}`;
  const lines = children.map(([n, c]) => describe(c, n, depth + 1));
  const total = depth === 0 ? `\n${pad}# ${count.toLocaleString('en-US')} parameters (${m.numParameters(true).toLocaleString('en-US')} trainable)` : '';
  return `${head} {\n${lines.join('\n')}\n${pad}}${total}`;
}

/** A plain function that runs the module: `const f = asFunction(model); f(x)`. */
export function asFunction<A extends unknown[], R>(m: Module & { forward(...args: A): R }): (...args: A) => R {
  return (...args: A) => m.forward(...args);
}

export { cpu };
