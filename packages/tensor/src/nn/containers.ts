import { Module } from './module';
import type { Tensor } from '../tensor';
import type { Activation } from '../ops/bias-activation';
import { ReLU, Sigmoid, Tanh } from './activations';

type AnyForward = Module & { forward(x: unknown): unknown };

/** A layer whose output can take an activation in the same pass as its bias (Linear, Conv2d). */
interface FusesActivation {
  forwardActivated(x: Tensor, activation: Activation): Tensor;
}

/**
 * The activation `next` applies, when `layer` can take it in its bias pass: the layer's own class
 * defines forwardActivated (a subclass that only overrides forward is run as written) and `next` is
 * exactly ReLU, Sigmoid or Tanh.
 */
function fusableActivation(layer: Module, next: Module | undefined): Activation | null {
  if (!next || !Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(layer), 'forwardActivated')) return null;
  const kind = next.constructor;
  return kind === ReLU ? 'relu' : kind === Sigmoid ? 'sigmoid' : kind === Tanh ? 'tanh' : null;
}

/**
 * Runs its modules in order. Children are named 0, 1, 2… as in PyTorch, or by the keys of a record
 * (`new Sequential({ conv1: …, relu1: … })`, PyTorch's OrderedDict form).
 */
export class Sequential extends Module {
  layers: Module[];
  private readonly _names: string[];

  constructor(...layers: Module[] | [Record<string, Module>]) {
    super();
    const first = layers[0];
    if (layers.length === 1 && first && !(first instanceof Module)) {
      this._names = Object.keys(first);
      this.layers = Object.values(first);
    } else {
      this.layers = layers as Module[];
      this._names = this.layers.map((_, i) => String(i));
    }
  }

  override namedChildren(): [string, Module][] {
    return this.layers.map((m, i) => [this._names[i] ?? String(i), m]);
  }

  /** The child of that name (named form) or index. */
  get(name: string): Module | undefined {
    const i = this._names.indexOf(name);
    return i >= 0 ? this.layers[i] : undefined;
  }

  /**
   * The layers in order. A Linear or Conv2d followed by ReLU, Sigmoid or Tanh runs as one step, its
   * bias and the activation fused (one pass on devices with the kernel), with the values of the two.
   */
  forward<T>(x: T): T {
    let y: unknown = x;
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      const activation = fusableActivation(layer, this.layers[i + 1]);
      if (activation) {
        y = (layer as Module & FusesActivation).forwardActivated(y as Tensor, activation);
        i++;
      } else y = (layer as AnyForward).forward(y);
    }
    return y as T;
  }

  get length(): number {
    return this.layers.length;
  }

  at(i: number): Module {
    return this.layers[i < 0 ? i + this.layers.length : i]!;
  }

  append(m: Module, name: string = String(this.layers.length)): this {
    this.layers.push(m);
    this._names.push(name);
    return this;
  }
}

/** A list of modules whose parameters are registered; indexing names them 0, 1, 2… */
export class ModuleList extends Module {
  items: Module[];

  constructor(items: Module[] = []) {
    super();
    this.items = items;
  }

  override namedChildren(): [string, Module][] {
    return this.items.map((m, i) => [String(i), m]);
  }

  forward(): never {
    throw new Error('ModuleList has no forward; iterate over its items');
  }

  get length(): number {
    return this.items.length;
  }

  at(i: number): Module {
    return this.items[i < 0 ? i + this.items.length : i]!;
  }

  push(m: Module): this {
    this.items.push(m);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }
}

/** Modules by name, in insertion order. */
export class ModuleDict extends Module {
  entries: Map<string, Module>;

  constructor(entries: Record<string, Module> = {}) {
    super();
    this.entries = new Map(Object.entries(entries));
  }

  override namedChildren(): [string, Module][] {
    return [...this.entries];
  }

  forward(): never {
    throw new Error('ModuleDict has no forward; look modules up with get()');
  }

  get(name: string): Module | undefined {
    return this.entries.get(name);
  }

  set(name: string, m: Module): this {
    this.entries.set(name, m);
    return this;
  }
}
