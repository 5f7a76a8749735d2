import type { Tensor } from './tensor';
import type { Storage } from './storage';
import type { Device } from './device';
import { processWide } from './process-state';

/**
 * Memory scopes. `tidy(fn)` disposes every tensor created inside fn except those it returns or
 * `keep()`s, so GPU training loops stay flat. A FinalizationRegistry releases handles that were
 * collected undisposed, and can report them (`onLeak`) so tests find missing disposes.
 */
type LeakReporter = (info: { device: string; shape: readonly number[] }) => void;

// one set of scopes, one reporter and one trace table per process, shared by the ESM and CommonJS builds
const state = processWide('memory', () => ({
  scopes: [] as Set<Tensor>[],
  leakReporter: null as LeakReporter | null,
  /** Live tensors and where each was created, in creation order; null (the default) records nothing. */
  creationTraces: null as Map<Tensor, string> | null,
}));
const scopes = state.scopes;

interface Held {
  storage: Storage;
  device: Device;
  shape: readonly number[];
}

const registry = new FinalizationRegistry<Held>((held) => {
  held.device.liveTensors--;
  held.storage.release();
  state.leakReporter?.({ device: held.device.name, shape: held.shape });
});


/** What track and untrack need of a tensor (TensorCore's fields). */
interface Tracked {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly disposed: boolean;
  watched: boolean;
}

/**
 * A new tensor. One made inside a tidy scope is held by the scope, which disposes it or hands it on,
 * so the finalization registry (about half a microsecond per tensor) watches it only once it outlives
 * every scope: returned from the outermost tidy, kept, or left behind by a throw.
 */
export function track(t: Tensor, scoped: boolean): void {
  if (state.creationTraces) state.creationTraces.set(t, creationStack());
  const scope = scopes[scopes.length - 1];
  if (scope && scoped) scope.add(t);
  else watch(t);
}

/** From now on, collecting t undisposed releases its storage (and reports the leak). */
function watch(t: Tensor): void {
  const c = t as unknown as Tracked;
  if (c.watched || c.disposed) return;
  registry.register(t, { storage: c.storage, device: c.storage.device, shape: c.shape }, t);
  c.watched = true;
}

export function untrack(t: Tensor): void {
  const c = t as unknown as Tracked;
  if (c.watched) {
    registry.unregister(t);
    c.watched = false;
  }
  state.creationTraces?.delete(t);
  for (const scope of scopes) scope.delete(t);
}

/** Report tensors garbage-collected without dispose() (null turns reporting off). */
export function onLeak(reporter: ((info: { device: string; shape: readonly number[] }) => void) | null): void {
  state.leakReporter = reporter;
}

function creationStack(): string {
  // deep enough to get past the library's own frames to the caller's line
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack;
}

/**
 * Development aid: while on, every tensor created records the stack that created it, and
 * `liveTensorTraces()` lists the live ones with those stacks (oldest first). Traced tensors are held
 * until disposed, so a leak stays visible instead of being collected. Off, it costs one null check.
 */
export function traceTensorCreation(on: boolean): void {
  state.creationTraces = on ? (state.creationTraces ?? new Map()) : null;
}

/** The live tensors created while tracing was on, each with its creation stack, oldest first. */
export function liveTensorTraces(): { tensor: Tensor; stack: string }[] {
  return state.creationTraces ? [...state.creationTraces].map(([tensor, stack]) => ({ tensor, stack })) : [];
}

/** Runs fn, then disposes every tensor it created that is neither returned nor kept. */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    // the scope's tensors are not disposed on a throw: the registry releases them once collected
    scopes.pop();
    for (const t of scope) watch(t);
    throw error;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) watch(t);
    throw new Error('tidy: fn must be synchronous; await outside tidy');
  }
  const returned = new Set<Tensor>();
  collectTensors(result, returned, 0);
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (!returned.has(t)) t.dispose();
    else if (parent) parent.add(t);
    else watch(t);
  }
  return result;
}

/** Exempts a tensor from the enclosing tidy scopes. */
export function keep<T extends Tensor>(t: T): T {
  for (const scope of scopes) scope.delete(t);
  watch(t);
  return t;
}

/** Disposes every tensor found in a value (a tensor, an array, an object of tensors). */
export function dispose(value: unknown): void {
  const found = new Set<Tensor>();
  collectTensors(value, found, 0);
  for (const t of found) t.dispose();
}

function collectTensors(value: unknown, out: Set<Tensor>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if (isTensor(value)) {
    out.add(value);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectTensors(v, out, depth + 1);
  else if (value instanceof Map) for (const v of value.values()) collectTensors(v, out, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, out, depth + 1);
  }
}

const TENSOR_BRAND = Symbol.for('dnn.tensor');
export { TENSOR_BRAND };
export function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[TENSOR_BRAND] === true;
}
