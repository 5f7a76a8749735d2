import { describe, expect, it } from 'vitest';
import { Device, createCpuBackend, type Backend, type TypedArray } from '@dnn/tensor';
import { backendConformanceSuite } from './conformance';

/** Collects the suite's tests instead of registering them, so a test can run them against a faulty backend. */
function collect(makeDevice: () => Device, float64 = false): Map<string, () => Promise<void> | void> {
  const tests = new Map<string, () => Promise<void> | void>();
  const path: string[] = [];
  backendConformanceSuite(makeDevice, {
    describe: (name, fn) => {
      path.push(name);
      fn();
      path.pop();
    },
    it: (name, fn) => void tests.set([...path.slice(1), name].join(' > '), fn),
  }, { float64 });
  return tests;
}

async function failures(tests: Map<string, () => Promise<void> | void>, filter: RegExp): Promise<string[]> {
  const failed: string[] = [];
  for (const [name, fn] of tests) {
    if (!filter.test(name)) continue;
    try {
      await fn();
    } catch {
      failed.push(name);
    }
  }
  return failed;
}

/** The CPU backend with one method replaced. */
function faulty(patch: (be: Backend<TypedArray>) => Partial<Backend<TypedArray>>): Device {
  const be = createCpuBackend();
  return new Device({ ...be, ...patch(be) }, 'faulty-cpu');
}

describe('the conformance suite catches faulty backends', () => {
  it('an exp off by 0.1% fails the exp cases and nothing unrelated', async () => {
    const tests = collect(() => faulty((be) => ({
      unary: (op, x, dtype) => {
        const out = be.unary(op, x, dtype);
        if (op === 'exp') out.forEach((v, i) => (out[i] = v * 1.001));
        return out;
      },
    })));
    const failed = await failures(tests, /^forward values > (exp|expm1|add|mul)/);
    expect(failed).toEqual(['forward values > exp: exp [7] (float32)', 'forward values > exp: exp of a transposed view [3,5]ᵀ (float32)']);
  });

  it('a matmul that ignores strides fails on transposed operands', async () => {
    const tests = collect(() => faulty((be) => ({
      matmul: (a, b, dtype) => be.matmul({ ...a, strides: contiguous(a.shape) }, { ...b, strides: contiguous(b.shape) }, dtype),
    })));
    const failed = await failures(tests, /matmul/);
    expect(failed).toContain('forward values > matmul: transposed operands (float32)');
    expect(failed).toContain('forward values > matmul: broadcast batch [2,1,3,4] × [3,4,2] (float32)');
    expect(failed).not.toContain('forward values > matmul: batched [2,3,4] × [2,4,5] (float32)');
  });

  it('random bits from the wrong counter fail the Threefry checks', async () => {
    const tests = collect(() => faulty((be) => ({ random: (spec, n, dtype) => be.random({ ...spec, offset: spec.offset + 1 }, n, dtype) })));
    const failed = await failures(tests, /Threefry/);
    expect(failed).toEqual([
      'Threefry random bits > raw bits equal the host Threefry-2x32-20 for counters across the 2³² boundary',
      'Threefry random bits > rand: same seed, same values as the reference device',
      'Threefry random bits > randn: same seed, same values as the reference device',
      'Threefry random bits > bernoulli(p): same seed, same values as the reference device',
      'Threefry random bits > bernoulli(tensor of probabilities): same seed, same values as the reference device',
    ]);
  });

  it('a float32-only device passes the gradient section by comparison with the CPU float64 gradients', async () => {
    const tests = collect(() => new Device(createCpuBackend(), 'cpu-float32-only'));
    const names = [...tests.keys()].filter((n) => n.startsWith('gradients > '));
    expect(names.length).toBeGreaterThan(100);
    expect(await failures(tests, /^gradients > /)).toEqual([]);
  });

  it('a wrong backward kernel fails the comparison on a float32-only device', async () => {
    const tests = collect(() => faulty((be) => ({
      avgPool2dBackward: (dy, spec, xShape) => be.avgPool2dBackward!(dy, { ...spec, countIncludePad: !spec.countIncludePad }, xShape),
    })));
    const failed = await failures(tests, /^gradients > avgPool2d/);
    expect(failed).toContain('gradients > avgPool2d: avgPool2d ceil mode, padding not counted');
    expect(failed).not.toContain('gradients > avgPool2d: avgPool2d divisorOverride');
  });

  it('a wrong backward kernel fails the gradient checks of its primitive', async () => {
    const tests = collect(() => faulty((be) => ({
      conv2dBackwardInput: (dy, w, spec, xShape) => be.conv2dBackwardInput!(dy, w, { ...spec, padding: [0, 0] }, xShape),
    })), true);
    const failed = await failures(tests, /^gradients > conv2d/);
    expect(failed).toContain('gradients > conv2d: conv2d, groups 2, stride (2,1), dilation (1,2)');
  });
});

function contiguous(shape: readonly number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s.unshift(acc);
    acc *= shape[i]!;
  }
  return s;
}
