import { fromTypedArray, type Device, type DType, type Tensor, type TypedArray } from '@dnn/tensor';
import { expectClose } from './allclose';
import { hostUniform } from './host-random';
import { ref, type Ref } from './reference';

/** The test framework's registration functions, passed in so this library imports no runner. */
export interface TestApi {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => Promise<void> | void) => void;
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

export interface ConformanceOptions {
  /** Title of the top-level describe block. Default 'backend conformance'. */
  name?: string;
  /** The device computes in float64: forward cases run in both dtypes and gradients use gradcheck on the device. */
  float64?: boolean;
  /** The device whose float64 gradients float32-only devices are compared with. Default: the CPU device. */
  referenceDevice?: () => Device | Promise<Device>;
  /** float32 results vs the float64 reference. Default rtol 1e-5, atol 1e-6 (×100 for accumulating ops). */
  float32?: Tolerance;
  /** float64 results vs the float64 reference. Default rtol 1e-10, atol 1e-12 (×100 for accumulating ops). */
  float64Tolerance?: Tolerance;
}

/** How a case's input is generated on the host before it is uploaded. */
export interface InputSpec {
  shape: number[];
  /** 'float' inputs take the dtype under test. Default 'float'. */
  kind?: 'float' | 'int32' | 'bool';
  /** Uniform range (integers in [low, high] with `integers`). Default [-3, 3). */
  low?: number;
  high?: number;
  integers?: boolean;
  /** Keep |v| ≥ away, for ops with a kink or pole at 0. */
  away?: number;
  /** Explicit values instead of random ones. */
  values?: number[];
}

/** A FNV-1a hash of the case name, so each input has its own fixed seed. */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function hostValues(spec: InputSpec, seed: number): number[] {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.values) {
    if (spec.values.length !== n) throw new Error(`input spec: ${spec.values.length} values for shape [${spec.shape}]`);
    return spec.values;
  }
  const kind = spec.kind ?? 'float';
  const low = spec.low ?? (kind === 'bool' ? 0 : -3), high = spec.high ?? (kind === 'bool' ? 1 : 3);
  const u = hostUniform(n, seed, 0, 1);
  if (spec.integers || kind !== 'float') return Array.from(u, (v) => Math.min(high, low + Math.floor(v * (high - low + 1))));
  return Array.from(u, (v) => {
    const x = low + v * (high - low);
    if (!spec.away) return x;
    // fold the band (-away, away) outward, keeping the sign
    return Math.abs(x) >= spec.away ? x : x < 0 ? x - spec.away : x + spec.away;
  });
}

const arrayOf = (dtype: DType, values: readonly number[]): TypedArray =>
  dtype === 'float64' ? Float64Array.from(values) : dtype === 'float32' ? Float32Array.from(values)
    : dtype === 'int32' ? Int32Array.from(values) : Uint8Array.from(values, (v) => (v ? 1 : 0));

/** Uploads host values to the device; the reference sees exactly the stored values (float32-rounded). */
export function upload(device: Device, values: readonly number[], shape: readonly number[], dtype: DType): { t: Tensor; r: Ref } {
  const arr = arrayOf(dtype, values);
  return { t: fromTypedArray(arr, shape, { dtype, device }), r: ref(arr as ArrayLike<number>, shape) };
}

export function makeInputs(device: Device, specs: readonly InputSpec[], floatDType: DType, name: string): { ts: Tensor[]; rs: Ref[] } {
  const ts: Tensor[] = [], rs: Ref[] = [];
  specs.forEach((spec, i) => {
    const kind = spec.kind ?? 'float';
    const dtype: DType = kind === 'float' ? floatDType : kind;
    const { t, r } = upload(device, hostValues(spec, seedOf(`${name}#${i}`)), spec.shape, dtype);
    ts.push(t);
    rs.push(r);
  });
  return { ts, rs };
}

/** Reads through `await t.data()` only: GPU backends cannot read synchronously. */
export async function read(t: Tensor): Promise<Ref> {
  return ref(await t.data(), t.shape);
}

export function tolerance(opts: ConformanceOptions, dtype: DType, accumulates = false): Tolerance {
  const base = dtype === 'float64' ? (opts.float64Tolerance ?? { rtol: 1e-10, atol: 1e-12 }) : dtype === 'float32' ? (opts.float32 ?? { rtol: 1e-5, atol: 1e-6 }) : { rtol: 0, atol: 0 };
  return accumulates ? { rtol: base.rtol * 100, atol: base.atol * 100 } : base;
}

/** Shapes must match exactly; values within tolerance (NaN equal to NaN). Throws naming the worst element. */
export function checkClose(label: string, actual: Ref, expected: Ref, tol: Tolerance): void {
  expectClose(actual, expected, { ...tol, equalNan: true, label });
}

/** Runs fn and checks it throws `type` with a message matching `pattern`. */
export async function expectThrows(label: string, fn: () => unknown, type: new (...a: never[]) => Error, pattern: RegExp): Promise<void> {
  let caught: unknown = null;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof type)) {
    throw new Error(`${label}: expected ${type.name} matching ${pattern}, got ${caught === null ? 'no error' : String(caught)}`);
  }
  if (!pattern.test(caught.message)) throw new Error(`${label}: ${type.name} message '${caught.message}' does not match ${pattern}`);
}

/** A device handle made once per suite, on first use. */
export function lazyDevice(make: () => Device | Promise<Device>): () => Promise<Device> {
  let p: Promise<Device> | null = null;
  return () => (p ??= Promise.resolve(make()));
}
