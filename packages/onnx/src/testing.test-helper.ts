import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { noGrad } from '@dnn/tensor';
import type { Module, Tensor } from '@dnn/tensor';

/** Largest |a − b| / (|b| + floor) over all elements: a relative error that tolerates values near 0. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (Math.abs(b[i]!) + floor));
  return worst;
}

/**
 * Loads `bytes` in ONNX Runtime, runs it on `input` and checks each output against dnn's forward on the
 * same input within `tolerance` (relative, see maxRelativeError). Returns the worst error seen.
 */
export async function expectOrtMatches(bytes: Uint8Array, model: Module, input: Tensor, tolerance: number): Promise<number> {
  const session = await ort.InferenceSession.create(bytes);
  const feed = { [session.inputNames[0]!]: new ort.Tensor('float32', input.dataSync() as Float32Array, [...input.shape]) };
  const result = await session.run(feed);
  model.eval();
  const expected = noGrad(() => (model as unknown as { forward(x: Tensor): Tensor | Tensor[] }).forward(input));
  const list = Array.isArray(expected) ? expected : [expected];
  let worst = 0;
  list.forEach((t, i) => {
    const got = result[session.outputNames[i]!]!;
    expect(got.dims).toEqual(t.shape);
    worst = Math.max(worst, maxRelativeError(got.data as Float32Array, t.dataSync() as Float32Array));
  });
  await session.release();
  expect(worst).toBeLessThan(tolerance);
  return worst;
}
