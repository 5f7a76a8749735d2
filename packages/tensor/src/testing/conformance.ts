import { cpu, type Device } from '@dnn/tensor';
import { lazyDevice, type ConformanceOptions, type TestApi } from './conformance-context';
import { contractSections } from './conformance-contract';
import { primitiveSections } from './conformance-primitives';
import { shapeSections } from './conformance-shapes';

export type { ConformanceOptions, TestApi, Tolerance } from './conformance-context';

/**
 * The one suite every backend runs (the CPU now, WebGPU and WebAssembly later):
 * - forward values of every primitive against float64 references computed here, in float32 (and float64);
 * - gradients: gradcheck on the device where it computes in float64, else the reference device's gradients;
 * - broadcasting, sizes that are not multiples of a workgroup (1, 7, 33, 257), zero-size tensors;
 * - bad inputs (ShapeError / ValueError / DeviceError naming the op), Threefry bits equal to the CPU's,
 *   and memory accounting.
 * Reads go through `await t.data()` only. Register it from a test file:
 * ```ts
 * import { describe, it } from 'vitest';
 * backendConformanceSuite(() => webgpu({ gpu }), { describe, it });
 * ```
 * `expect` may be passed for symmetry with test frameworks; the suite asserts by throwing.
 */
export function backendConformanceSuite(
  makeDevice: () => Device | Promise<Device>,
  api: TestApi & { expect?: unknown },
  options: ConformanceOptions = {},
): void {
  const device = lazyDevice(makeDevice);
  const referenceDevice = lazyDevice(options.referenceDevice ?? cpu);
  api.describe(options.name ?? 'backend conformance', () => {
    primitiveSections(api, device, referenceDevice, options);
    shapeSections(api, device, options);
    contractSections(api, device, referenceDevice, options);
  });
}
