import { conv2d, cpu, crossEntropy, fromTypedArray, Generator, gradients, manualSeed, matmul, rand, tidy, type Device, type Tensor } from '@dnn/tensor';
import { compareClose, hostUniform } from '@dnn/tensor/testing';
import { lenet5 } from '@dnn/models';

/** One kernel checked on the GPU against the CPU device, before anything is timed. */
export interface ParityResult {
  check: string;
  rtol: number;
  atol: number;
  ok: boolean;
  /** Largest |gpu − cpu| over every output. */
  maxAbsDiff: number;
  /** Elements outside the tolerance, over every output. */
  mismatched: number;
  message?: string;
}

interface Check {
  readonly name: string;
  readonly rtol: number;
  readonly atol: number;
  /** Inputs as host arrays (the same on both devices), and the outputs computed from them on `device`. */
  readonly run: (device: Device) => Tensor[];
}

/** A float32 input uniform in [-1, 1) from `seed`: the same values on every device. */
const input = (device: Device, shape: readonly number[], seed: number, requiresGrad = false): Tensor =>
  fromTypedArray(Float32Array.from(hostUniform(shape.reduce((a, b) => a * b, 1), seed, -1, 1)), shape, { device, requiresGrad });

/** conv2d and its two gradients (for an upstream gradient of random values). */
function convCheck(name: string, xs: number[], ws: number[], padding: number, rtol: number, atol: number): Check {
  return {
    name, rtol, atol,
    run: (device) => {
      const x = input(device, xs, 1, true), w = input(device, ws, 2, true);
      const y = conv2d(x, w, null, { padding });
      return [y, ...(gradients(y, [x, w], [input(device, y.shape, 3)]) as Tensor[])];
    },
  };
}

function matmulCheck(name: string, [m, k, n]: [number, number, number], rtol: number, atol: number): Check {
  return { name, rtol, atol, run: (device) => [matmul(input(device, [m, k], 4), input(device, [k, n], 5))] };
}

/** The checks, with the tolerances of @dnn/webgpu's README (float32 sums of K products in another order). */
export const CHECKS: readonly Check[] = [
  matmulCheck('matmul 256×256·256×256', [256, 256, 256], 1e-5, 1e-4),
  matmulCheck('matmul 1024×1024·1024×1024', [1024, 1024, 1024], 1e-4, 1e-4),
  matmulCheck('matmul 33×257·257×7', [33, 257, 7], 1e-5, 1e-4),
  convCheck('conv2d LeNet C1 64×1×28×28, 6@5×5 pad 2: y, dx, dW', [64, 1, 28, 28], [6, 1, 5, 5], 2, 1e-4, 1e-4),
  convCheck('conv2d LeNet C5 64×16×5×5, 120@5×5: y, dx, dW', [64, 16, 5, 5], [120, 16, 5, 5], 0, 1e-4, 1e-4),
  convCheck('conv2d ResNet 4×64×56×56, 64@3×3 pad 1: y, dx, dW', [4, 64, 56, 56], [64, 64, 3, 3], 1, 1e-4, 1e-4),
  {
    name: 'rand, 100,003 draws (bit-identical)', rtol: 0, atol: 0,
    run: (device) => [rand([100_003], { device, generator: new Generator(5) })],
  },
  {
    name: 'LeNet-5 training step, batch 64: loss and every gradient', rtol: 1e-4, atol: 1e-5,
    run: (device) => {
      manualSeed(0);
      const net = lenet5({ variant: 'modern', device });
      const x = fromTypedArray(Float32Array.from(hostUniform(64 * 784, 99, 0, 1)), [64, 1, 28, 28], { device });
      const y = fromTypedArray(Int32Array.from({ length: 64 }, (_, i) => (i * 7) % 10), [64], { device });
      const loss = crossEntropy(net.forward(x), y);
      return [loss, ...(gradients(loss, net.parameters()) as Tensor[])];
    },
  },
];

/** Runs every check on `gpu` and on the CPU device; never throws for a mismatch, it reports it. */
export async function runParity(gpu: Device, log: (line: string) => void): Promise<ParityResult[]> {
  const results: ParityResult[] = [];
  for (const c of CHECKS) {
    const base = { check: c.name, rtol: c.rtol, atol: c.atol };
    try {
      const [g, h] = [tidy(() => c.run(gpu)), tidy(() => c.run(cpu()))];
      let maxAbsDiff = 0, mismatched = 0;
      const messages: string[] = [];
      for (let i = 0; i < g.length; i++) {
        const r = compareClose(await g[i]!.data(), await h[i]!.data(), { rtol: c.rtol, atol: c.atol, label: `output ${i}` });
        maxAbsDiff = Math.max(maxAbsDiff, r.maxAbsDiff);
        mismatched += r.mismatched;
        if (!r.ok) messages.push(r.message);
      }
      for (const t of [...g, ...h]) t.dispose();
      results.push({ ...base, ok: mismatched === 0, maxAbsDiff, mismatched, ...(messages.length ? { message: messages.join('; ') } : {}) });
    } catch (e) {
      results.push({ ...base, ok: false, maxAbsDiff: NaN, mismatched: NaN, message: (e as Error).message });
    }
    const r = results[results.length - 1]!;
    log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${c.name}: max |gpu - cpu| ${r.maxAbsDiff.toExponential(2)} (rtol ${c.rtol}, atol ${c.atol})${r.message ? `: ${r.message}` : ''}`);
  }
  return results;
}
