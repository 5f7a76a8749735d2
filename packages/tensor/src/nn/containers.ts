import { Module } from './module';
import { Tensor } from '../tensor';
import { ReLU } from './activations';
import type { BiasActivation } from '../primitives/params';

type AnyForward = Module & { forward(x: unknown): unknown };

/** A layer that can apply an activation in its bias epilogue: `forwardActivated(x, a)` is a(forward(x)). */
export interface FusesActivation {
  forwardActivated(x: Tensor, activation: BiasActivation): Tensor;
}

/**
 * Whether `layer` fuses a following activation. A subclass that overrides `forward` but not
 * `forwardActivated` keeps its own forward (the fused step would skip it).
 */
function fusesActivation(layer: Module): layer is Module & FusesActivation {
  if (typeof (layer as Partial<FusesActivation>).forwardActivated !== 'function') return false;
  let proto: object | null = Object.getPrototypeOf(layer);
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'forwardActivated')) proto = Object.getPrototypeOf(proto);
  return (proto as AnyForward | null)?.forward === (layer as AnyForward).forward;
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
   * Runs the layers in order. A layer that can apply an activation in its bias epilogue (Conv2d,
   * Linear) and is followed by a plain ReLU runs both in one step (`forwardActivated`): the same bits
   * and gradients as the pair, one pass less over the activations.
   */
  forward<T>(x: T): T {
    let y: unknown = x;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      if (y instanceof Tensor && layers[i + 1]?.constructor === ReLU && fusesActivation(layer)) {
        y = layer.forwardActivated(y, 'relu');
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
