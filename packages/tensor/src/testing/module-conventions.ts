import {
  Device, Module, Tensor, createCpuBackend, getDefaultDevice, isFloat, noGrad, tensor,
  type DType, type ModuleOptions,
} from '@dnn/tensor';
import { hostProjection } from './host-random';

/** How to build and run one exported Module class (or a model builder) in the convention check. */
export interface ModuleExample {
  /**
   * The required positional constructor arguments (sizes, kernel size…). Default none. A function
   * when they hold modules (containers), so each instance gets its own.
   */
  args?: readonly unknown[] | (() => readonly unknown[]);
  /** Optional hyper-parameters, given in the options object after `args` (dtype float64 is added). */
  options?: Record<string, unknown>;
  /** The example input(s) of forward, created on `o.device` in `o.dtype`. */
  input: (o: { device: Device; dtype: DType }) => Tensor | readonly Tensor[];
  /** The class has no valid default options (Upsample needs a size or a scale factor). */
  optionsRequired?: boolean;
  /** Why this class does not take (required arguments, options): containers take their modules. */
  signatureExempt?: string;
  /** How to run the module when it has no forward of its own (ModuleList): default `m.forward(...inputs)`. */
  call?: (m: Module, ...inputs: Tensor[]) => unknown;
  /**
   * Only run forward in eval mode (no backward, and no extra instance built from the required
   * arguments alone): for a model too large to differentiate quickly; say why.
   */
  evalOnly?: string;
}

export interface ConventionCheckOptions {
  /** The device `.to()` moves the module onto. Default: a second CPU device with the TypeScript kernels. */
  secondDevice?: Device;
}

type ModuleClass = (new (...args: never[]) => Module) & { readonly name: string; readonly length: number };
type Forward = Module & { forward(...xs: Tensor[]): unknown };

/** The exported classes that extend Module (Module itself excluded), by export name. */
export function exportedModuleClasses(exports: Record<string, unknown>): [string, ModuleClass][] {
  return Object.entries(exports).filter((entry): entry is [string, ModuleClass] => {
    const value = entry[1];
    return typeof value === 'function' && value !== Module && value.prototype instanceof Module;
  });
}

/**
 * Checks every exported Module class of a package against the layer conventions and returns every
 * problem found, one line each (an empty list means all pass). A class without an entry in `examples`
 * is a problem, as is an example for a class that is not exported. For each class: optional arguments
 * are never positional (the constructor's required-argument count equals the example's positional
 * arguments, and it builds from those alone), the options object is honoured (`dtype: 'float64'`
 * reaches every parameter and floating buffer), `toString()` works, forward runs and backward gives a
 * gradient to every trainable parameter, `.to(second device)` moves every parameter and buffer and
 * forward and backward then run there with the same outputs, and the state dict loads strictly into a
 * fresh instance with the same values.
 */
export function checkModuleConventions(
  exports: Record<string, unknown>, examples: Record<string, ModuleExample>, opts: ConventionCheckOptions = {},
): string[] {
  const classes = exportedModuleClasses(exports);
  const names = new Set(classes.map(([name]) => name));
  const problems = [
    ...classes.filter(([name]) => !(name in examples)).map(([name]) => `${name}: no example to construct and run it`),
    ...Object.keys(examples).filter((name) => !names.has(name)).map((name) => `${name}: has an example but is not an exported Module class`),
  ];
  for (const [name, cls] of classes) {
    const example = examples[name];
    if (example) problems.push(...checkModuleClass(name, cls, example, opts));
  }
  return problems;
}

/** The checks of `checkModuleConventions` for one class. */
export function checkModuleClass(name: string, cls: ModuleClass, example: ModuleExample, opts: ConventionCheckOptions = {}): string[] {
  const Ctor = cls as unknown as new (...args: unknown[]) => Module;
  const argsOf = () => (typeof example.args === 'function' ? example.args() : example.args ?? []);
  const args = argsOf();
  const problems: string[] = [];
  if (!example.signatureExempt) {
    const required = args.length + (example.optionsRequired ? 1 : 0);
    if (cls.length !== required) {
      problems.push(`${name}: the constructor has ${cls.length} required parameter(s), the example ${required}: ` +
        'optional arguments belong in the options object, which must default to {}');
    }
    // (a model marked evalOnly is too large to build a third time just for this)
    if (!example.optionsRequired && !example.evalOnly) {
      try {
        new Ctor(...args);
      } catch (e) {
        problems.push(`${name}: cannot be built from its required arguments alone: ${(e as Error).message}`);
      }
    }
  }
  const make = (o: ModuleOptions): Module =>
    example.signatureExempt ? new Ctor(...argsOf()) : new Ctor(...argsOf(), { ...example.options, ...o });
  return [...problems, ...checkModuleInstance(name, make, example, opts)];
}

/**
 * The behaviour checks for a module built by `make` (a class's constructor or a model builder such as
 * `lenet5`): dtype honoured, toString, forward and backward, `.to()` onto a second device, strict
 * state-dict round trip.
 */
export function checkModuleInstance(
  name: string, make: (o: ModuleOptions) => Module, example: Pick<ModuleExample, 'input' | 'evalOnly' | 'signatureExempt' | 'call'>,
  opts: ConventionCheckOptions = {},
): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${name}: ${what}`);
  const home = getDefaultDevice();
  const second = opts.secondDevice ?? new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-second');
  const dtype: DType = 'float64';
  let m: Forward;
  try {
    m = make({ dtype, device: home }) as Forward;
  } catch (e) {
    fail(`cannot be built with { dtype: 'float64' }: ${(e as Error).message}`);
    return problems;
  }
  const floating = [...m.namedParameters(), ...m.namedBuffers()].filter(([, t]) => isFloat(t.dtype));
  if (!example.signatureExempt) {
    const wrong = floating.filter(([, t]) => t.dtype !== dtype).map(([n, t]) => `${n} (${t.dtype})`);
    if (wrong.length) fail(`the dtype option did not reach ${wrong.join(', ')}`);
  }
  try {
    const text = m.toString();
    if (!text.includes(m.constructor.name)) fail(`toString() does not name the class: ${text.slice(0, 80)}`);
  } catch (e) {
    fail(`toString() throws: ${(e as Error).message}`);
  }
  // one set of inputs for both devices; floating ones become leaves that require grad, so backward
  // runs through modules without parameters (activations, losses) too
  const given = ([example.input({ device: home, dtype })].flat() as Tensor[]).map((t) => (isFloat(t.dtype) ? t.detach() : t));
  const call = (xs: Tensor[]) => (example.call ? example.call(m, ...xs) : m.forward(...xs));
  const inputs = (device: Device) => given.map((t) => {
    const moved = t.device === device ? t.detach() : t.to(device);
    return isFloat(moved.dtype) ? moved.setRequiresGrad() : moved;
  });
  const run = (device: Device, where: string): void => {
    // evalOnly: the eval forwards below are the only ones
    if (example.evalOnly) return;
    m.train();
    m.zeroGrad();
    try {
      const loss = weightedSum(call(inputs(device)));
      if (!loss) return void fail(`forward on ${where} returned no floating tensor`);
      loss.backward();
    } catch (e) {
      return void fail(`forward/backward on ${where} throws: ${(e as Error).message}`);
    }
    const missing = m.namedParameters().filter(([, p]) => p.requiresGrad && (!p.grad || p.grad.device !== device)).map(([n]) => n);
    if (missing.length) fail(`after backward on ${where}, no gradient on ${device.name} for ${missing.join(', ')}`);
  };
  const evalOutput = (device: Device): Float64Array | null => {
    m.eval();
    try {
      const y = noGrad(() => collect(call(inputs(device))));
      return Float64Array.from(y.flatMap((t) => Array.from(t.dataSync(), Number)));
    } catch (e) {
      fail(`eval forward on ${device.name} throws: ${(e as Error).message}`);
      return null;
    }
  };
  run(home, 'its first device');
  const before = evalOutput(home);
  m.to(second);
  const stranded = [...m.namedParameters(), ...m.namedBuffers()].filter(([, t]) => t.device !== second).map(([n]) => n);
  if (stranded.length) fail(`.to() left ${stranded.join(', ')} behind`);
  const after = evalOutput(second);
  if (before && after && !sameValues(before, after)) fail('eval outputs differ after .to() onto the second device');
  run(second, 'the second device');
  roundTrip(m, make, fail);
  return problems;
}

/** The state dict loads strictly into a fresh instance and gives back the same keys and values. */
function roundTrip(m: Module, make: (o: ModuleOptions) => Module, fail: (what: string) => void): void {
  try {
    const saved = m.stateDict();
    const fresh = make({ dtype: 'float64' });
    fresh.loadStateDict(saved, { strict: true });
    const loaded = fresh.stateDict();
    const keys = Object.keys(saved);
    if (keys.join() !== Object.keys(loaded).join()) return fail('state-dict keys change between instances');
    const differ = keys.filter((k) => !sameValues(saved[k]!.dataSync(), loaded[k]!.dataSync()));
    if (differ.length) fail(`state dict did not round-trip: ${differ.join(', ')}`);
  } catch (e) {
    fail(`state dict round trip throws: ${(e as Error).message}`);
  }
}

/** Every floating tensor in a forward result (a tensor, an array or a record of them). */
function collect(y: unknown): Tensor[] {
  if (y instanceof Tensor) return isFloat(y.dtype) ? [y] : [];
  if (Array.isArray(y)) return y.flatMap(collect);
  if (y && typeof y === 'object') return Object.values(y).flatMap(collect);
  return [];
}

/** Σ y·w with fixed non-uniform weights, so no gradient vanishes by symmetry (softmax, batch norm). */
function weightedSum(y: unknown): Tensor | null {
  let total: Tensor | null = null;
  collect(y).forEach((t, i) => {
    const w = tensor(hostProjection(t.size, 17 + i), { shape: t.shape, dtype: t.dtype, device: t.device });
    const term = t.mul(w).sum();
    total = total ? total.add(term) : term;
  });
  return total;
}

function sameValues(a: ArrayLike<number | bigint>, b: ArrayLike<number | bigint>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]!), y = Number(b[i]!);
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (!(Math.abs(x - y) <= 1e-9 + 1e-7 * Math.abs(y))) return false;
  }
  return true;
}
