import { create } from 'webgpu';
import { cpu, fromTypedArray, type Device, type DType, type Tensor, type TypedArray } from '@dnn/tensor';
import { expectClose, hostUniform } from '@dnn/tensor/testing';
import { webgpu, type WebGPUOptions } from './webgpu';

/**
 * The WebGPU device of a test file, on whatever adapter the `webgpu` package finds (a real GPU, or
 * Mesa's software Vulkan driver). No adapter is a failure, never a skip: webgpu() then throws.
 */
export async function testDevice(opts: Omit<WebGPUOptions, 'gpu'> = {}): Promise<Device> {
  return webgpu({ gpu: create([]), ...opts });
}

/** A host input: random in [low, high) (integers when `integers` or not float), or explicit values. */
export interface HostInput {
  readonly shape: readonly number[];
  readonly dtype?: DType;
  readonly low?: number;
  readonly high?: number;
  readonly integers?: boolean;
  readonly values?: readonly number[];
}

let seed = 1;

export function hostArray(spec: HostInput): TypedArray {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.dtype ?? 'float32';
  const low = spec.low ?? (dtype === 'bool' ? 0 : -3), high = spec.high ?? (dtype === 'bool' ? 2 : 3);
  const values = spec.values ?? Array.from(hostUniform(n, seed++, low, high), (v) => (spec.integers || dtype !== 'float32' ? Math.floor(v) : v));
  switch (dtype) {
    case 'float32': return Float32Array.from(values);
    case 'int32': return Int32Array.from(values);
    case 'bool': return Uint8Array.from(values, (v) => (v ? 1 : 0));
    default: return Float64Array.from(values);
  }
}

export interface Tol {
  readonly rtol: number;
  readonly atol: number;
}
export const EXACT: Tol = { rtol: 0, atol: 0 };

/**
 * Runs `fn` on the CPU device and on `gpu` over the same host inputs and checks every output agrees
 * (NaN equal to NaN). Returns the largest absolute difference seen.
 */
export async function parity(
  gpu: Device, inputs: readonly HostInput[], fn: (...xs: Tensor[]) => Tensor | Tensor[], tol: Tol, label = 'parity',
): Promise<number> {
  const host = inputs.map(hostArray);
  const run = (device: Device) => {
    const xs = host.map((h, i) => fromTypedArray(h, inputs[i]!.shape, { dtype: inputs[i]!.dtype ?? 'float32', device }));
    const out = fn(...xs);
    return { xs, outs: Array.isArray(out) ? out : [out] };
  };
  const c = run(cpu()), g = run(gpu);
  let worst = 0;
  for (let k = 0; k < c.outs.length; k++) {
    const want = c.outs[k]!, got = g.outs[k]!;
    if (got.dtype !== want.dtype) throw new Error(`${label}: output ${k} is ${got.dtype} on the GPU but ${want.dtype} on the CPU`);
    const [a, e] = [await got.data(), await want.data()];
    expectClose({ shape: got.shape, data: a }, { shape: want.shape, data: e }, { ...tol, equalNan: true, label: `${label}: ` });
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(Number(a[i]) - Number(e[i]));
      if (d === d && d !== Infinity) worst = Math.max(worst, d);
    }
  }
  for (const t of [...c.xs, ...c.outs, ...g.xs, ...g.outs]) t.dispose();
  return worst;
}
