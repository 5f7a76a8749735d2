import { isFloat, noGrad, tidy, type Device, type DType, type Primitive, type Tensor } from '@dnn/tensor';
import { primitiveCases, type PrimitiveCase } from './conformance-cases';
import {
  checkClose, makeInputs, read, tolerance, type ConformanceOptions, type TestApi,
} from './conformance-context';
import { analyticalGradients, gradcheck } from './gradcheck';

/** Forward values against the float64 reference, and gradients, for every case of every primitive. */
export function primitiveSections(api: TestApi, device: () => Promise<Device>, referenceDevice: () => Promise<Device>, opts: ConformanceOptions): void {
  const dtypes: DType[] = opts.float64 ? ['float32', 'float64'] : ['float32'];

  api.describe('forward values', () => {
    for (const prim of Object.keys(primitiveCases) as Primitive[]) {
      for (const c of primitiveCases[prim]) {
        for (const dtype of dtypes) {
          api.it(`${prim}: ${c.name} (${dtype})`, () => forwardCase(c, device, dtype, opts));
        }
      }
    }
  });

  api.describe('gradients', () => {
    for (const prim of Object.keys(primitiveCases) as Primitive[]) {
      for (const c of primitiveCases[prim]) {
        if (c.noGrad) continue;
        api.it(`${prim}: ${c.name}`, () => gradientCase(c, device, referenceDevice, opts));
      }
    }
  });
}

async function forwardCase(c: PrimitiveCase, device: () => Promise<Device>, dtype: DType, opts: ConformanceOptions): Promise<void> {
  const dev = await device();
  const before = dev.memory();
  const { ts, rs } = makeInputs(dev, c.inputs, dtype, c.name);
  const out = noGrad(() => tidy(() => c.run(ts)));
  const expected = c.ref(rs);
  const actual = await read(out);
  if (!ts.includes(out)) out.dispose();
  for (const t of ts) t.dispose();
  checkClose(c.name, actual, expected, tolerance(opts, isFloat(out.dtype) ? out.dtype : 'int32', c.accumulates));
  const after = dev.memory();
  if (after.tensors > before.tensors || after.bytes > before.bytes) {
    throw new Error(`${c.name}: leaked ${after.tensors - before.tensors} tensors / ${after.bytes - before.bytes} bytes`);
  }
}

/** A case differentiates when its output is float and some input is float. */
function differentiable(c: PrimitiveCase, ts: Tensor[]): boolean {
  const out = noGrad(() => tidy(() => c.run(ts)));
  const ok = isFloat(out.dtype) && ts.some((t) => isFloat(t.dtype));
  if (!ts.includes(out)) out.dispose();
  return ok;
}

async function gradientCase(
  c: PrimitiveCase, device: () => Promise<Device>, referenceDevice: () => Promise<Device>, opts: ConformanceOptions,
): Promise<void> {
  const dev = await device();
  if (opts.float64) {
    const { ts } = makeInputs(dev, c.inputs, 'float64', c.name);
    try {
      if (differentiable(c, ts)) await gradcheck((...xs) => c.run(xs), ts);
    } finally {
      for (const t of ts) t.dispose();
    }
    return;
  }
  // float32-only device: its gradients against the reference device's float64 gradients, same inputs
  const refDev = await referenceDevice();
  const { ts } = makeInputs(dev, c.inputs, 'float32', c.name);
  const { ts: ref64 } = makeInputs(refDev, c.inputs, 'float32', c.name);
  const wide = ref64.map((t) => (t.dtype === 'float32' ? t.cast('float64') : t));
  try {
    if (!differentiable(c, ts)) return;
    const got = await analyticalGradients((...xs) => c.run(xs), ts);
    const want = await analyticalGradients((...xs) => c.run(xs), wide);
    const tol = tolerance(opts, 'float32', true);
    got.forEach((g, k) => {
      const shape = ts.filter((t) => isFloat(t.dtype))[k]!.shape;
      checkClose(`${c.name}: gradient of float input ${k}`, { shape, data: g }, { shape, data: want[k]! }, { rtol: tol.rtol * 10, atol: tol.atol * 10 });
    });
  } finally {
    for (const t of [...ts, ...ref64, ...wide]) if (!t.disposed) t.dispose();
  }
}
