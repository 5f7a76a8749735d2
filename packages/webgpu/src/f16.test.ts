import { afterAll, describe, expect, it } from 'vitest';
import { create } from 'webgpu';
import {
  DTypeError, Generator, abs, add, bernoulli, conv2d, cpu, fromTypedArray, full, matmul, mul, rand, randn, relu, sum, tensor, toHalfBits, zeros,
  type Device, type Tensor,
} from '@dnn/tensor';
import { hostUniform } from '@dnn/tensor/testing';
import { testDevice } from './test-utils';
import { gpuDeviceOf, webgpu } from './webgpu';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

/** Values with known half patterns: ties, overflow, subnormals, the largest half, NaN, signed zero. */
const EDGES = [0.1, -3.14159, 65504, 65519.99, 65520, -1e6, Infinity, NaN, -0, 2 ** -24, 2 ** -25, 3 * 2 ** -25,
  1023 * 2 ** -24, 1023.5 * 2 ** -24, 2 ** -14, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2 - 2 ** -11, 1e-6, 1];

const bits = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), (v) => toHalfBits(v));

/** Uniform values in [-2, 2) as a float32 host array (the seed picks the draw). */
const host = (n: number, seed: number): Float32Array => Float32Array.from(hostUniform(n, seed, -2, 2));

describe('float16 storage on WebGPU', () => {
  it('the device holds float16 when the adapter offers shader-f16; uploads and reads keep every pattern', async () => {
    expect(gpu.backend.dtypes).toContain('float16');
    const t = tensor(EDGES, { dtype: 'float16', device: gpu });
    const d = await t.data();
    expect(d).toBeInstanceOf(Float32Array);
    expect(Array.from(d, (v) => toHalfBits(v))).toEqual(EDGES.map(toHalfBits));
    // an odd count: the last word is half padding
    expect(await bits(tensor([1, 2, 3], { dtype: 'float16', device: gpu }))).toEqual([0x3c00, 0x4000, 0x4200]);
    expect(await bits(full([5], 0.1, { dtype: 'float16', device: gpu }))).toEqual(Array(5).fill(0x2e66));
    expect(await bits(zeros([3], { dtype: 'float16', device: gpu }))).toEqual([0, 0, 0]);
    // moved to the CPU and back, the values are unchanged
    expect(await bits((await t.toAsync(cpu())).to(gpu))).toEqual(EDGES.map(toHalfBits));
  });

  it('cast float32 → float16 rounds to nearest even exactly as the CPU does (GPU rounding on the bits); back is exact', async () => {
    const x = tensor(EDGES, { device: gpu });
    const h = x.cast('float16');
    expect(h.dtype).toBe('float16');
    const want = Array.from(tensor(EDGES).dataSync(), (v) => toHalfBits(v));
    expect(await bits(h)).toEqual(want);
    expect(await bits(h.cast('float32'))).toEqual(want);
    // strided and offset views: odd starts take the kernel path, even starts a byte copy
    const long = fromTypedArray(host(40, 3), [8, 5], { device: gpu }).cast('float16');
    const longCpu = await long.toAsync(cpu());
    for (const view of [(t: Tensor) => t.T, (t: Tensor) => t.slice([{ start: 1 }]), (t: Tensor) => t.slice([{ start: 2 }]), (t: Tensor) => t.flip(1)]) {
      expect(await bits(view(long).contiguous())).toEqual(await bits(view(longCpu).contiguous()));
      expect(await view(long).cast('float32').data()).toEqual(await view(longCpu).cast('float32').data());
    }
    // int32 and bool in and out
    expect(await bits(tensor([3, -70000], { dtype: 'int32', device: gpu }).cast('float16'))).toEqual([0x4200, 0xfc00]);
    expect(Array.from(await tensor([2.5, -0, 1e5], { dtype: 'float16', device: gpu }).cast('int32').data())).toEqual([2, 0, 0]);
    expect(Array.from(await tensor([2.5, 0], { dtype: 'float16', device: gpu }).cast('bool').data())).toEqual([1, 0]);
  });

  it('random draws in float16 give the CPU’s bits (the float32 draw, rounded on the bits)', async () => {
    const g = randn([257], { dtype: 'float16', device: gpu, generator: new Generator(5) });
    const c = randn([257], { dtype: 'float16', generator: new Generator(5) });
    expect(await bits(g)).toEqual(await bits(c));
    const ug = rand([1000], { dtype: 'float16', device: gpu, generator: new Generator(6) });
    expect(await bits(ug)).toEqual(await bits(rand([1000], { dtype: 'float16', generator: new Generator(6) })));
  });

  it('add, mul and relu (scalar and vec4 paths, broadcast) give the CPU’s bits', async () => {
    for (const n of [7, 64]) {
      const [a, b] = [host(n, 10 + n), host(n, 20 + n)];
      const on = (d: Device) => {
        const x = fromTypedArray(a, [n], { dtype: 'float16', device: d });
        const y = fromTypedArray(b, [n], { dtype: 'float16', device: d });
        const row = fromTypedArray(b.slice(0, 1), [1], { dtype: 'float16', device: d });
        return [add(x, y), mul(x, y), relu(x), add(x, row), mul(x, 3)];
      };
      const [g, c] = [on(gpu), on(cpu())];
      for (let k = 0; k < g.length; k++) {
        expect(g[k]!.dtype).toBe('float16');
        expect(await bits(g[k]!)).toEqual(await bits(c[k]!));
      }
    }
  });
});

/**
 * The bound a float16 product is held to, element by element, against the exact (float64) product of
 * the same half-valued inputs: rounding the result to half costs at most 2⁻¹¹·|c| (half a unit in the
 * last place of an 11-bit significand), float32 accumulation over K terms at most K·2⁻²⁴·(|A|·|B|)
 * (taken as K·2⁻²³ for margin), and subnormal results at most 2⁻²⁵ absolute. Against the float32
 * product of the unrounded inputs, rounding each input adds 2·2⁻¹¹·(|A|·|B|) on top.
 */
async function expectWithinHalfBound(got: Tensor, exact: Tensor, magnitude: Tensor, K: number, inputRounding: boolean, label: string) {
  const [g, e, m] = [await got.data(), exact.dataSync(), magnitude.dataSync()];
  expect(got.shape).toEqual(exact.shape);
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const bound = 2 ** -11 * Math.abs(e[i]!) + K * 2 ** -23 * m[i]! + 2 ** -25 + (inputRounding ? 2 * 2 ** -11 * m[i]! : 0);
    const err = Math.abs(g[i]! - e[i]!);
    if (!(err <= bound)) throw new Error(`${label}: element ${i} is ${g[i]}, expected ${e[i]} within ${bound}`);
    worst = Math.max(worst, err / (bound || 1));
  }
  return worst;
}

describe('float16 matmul and conv2d on WebGPU (float32 accumulation) against float32', () => {
  it('matmul: odd sizes 1, 7, 33, 257, batched and transposed, within the half bound', async () => {
    const cases: [number[], number[], (a: Tensor, b: Tensor) => Tensor][] = [
      [[1, 1], [1, 1], (a, b) => a.matmul(b)],
      [[7, 33], [33, 1], (a, b) => a.matmul(b)],
      [[33, 7], [7, 257], (a, b) => a.matmul(b)],
      [[257, 33], [33, 7], (a, b) => a.matmul(b)],
      [[1, 257], [257, 33], (a, b) => a.matmul(b)],
      [[33, 257], [257, 33], (a, b) => a.matmul(b)],
      [[36, 20], [20, 44], (a, b) => a.matmul(b)], // vec4<f16> loads of both operands
      [[3, 7, 33], [3, 33, 7], (a, b) => a.matmul(b)],
      [[33, 7], [257, 33], (a, b) => a.T.matmul(b.T)],
      [[4, 3000], [3000, 4], (a, b) => a.matmul(b)], // long K: never split for float16
    ];
    let seed = 100;
    for (const [sa, sb, f] of cases) {
      const [ha, hb] = [host(sa.reduce((p, q) => p * q), seed++), host(sb.reduce((p, q) => p * q), seed++)];
      const [a, b] = [fromTypedArray(ha, sa, { dtype: 'float16', device: gpu }), fromTypedArray(hb, sb, { dtype: 'float16', device: gpu })];
      const got = f(a, b);
      expect(got.dtype).toBe('float16');
      // the exact product of the half values, and of their magnitudes, in float64 on the CPU
      const [a64, b64] = [(await a.toAsync(cpu())).cast('float64'), (await b.toAsync(cpu())).cast('float64')];
      const K = sa[sa.length - 1]!;
      const label = `${sa}·${sb}`;
      await expectWithinHalfBound(got, f(a64, b64), f(abs(a64), abs(b64)), K, false, label);
      // against float32 on unrounded inputs: the price of storing inputs and output as half
      const f32 = f(fromTypedArray(ha, sa).cast('float64'), fromTypedArray(hb, sb).cast('float64'));
      await expectWithinHalfBound(got, f32, f(abs(a64), abs(b64)), K, true, `${label} vs float32`);
    }
  });

  it('conv2d forward (both GEMM layouts, strides, padding, groups, odd sizes) within the half bound', async () => {
    // [x shape, w shape, options]: 7×7 images of 33 channels; a 1-image 9×9 (unfolded); many small images (folded)
    const cases: [number[], number[], { stride?: number; padding?: number; groups?: number }][] = [
      [[2, 33, 7, 7], [7, 33, 3, 3], { padding: 1 }],
      [[1, 3, 9, 9], [8, 3, 3, 3], { stride: 2 }],
      [[1, 4, 9, 9], [4, 1, 3, 3], { padding: 1, groups: 4 }],
      [[1, 4, 9, 9], [8, 4, 1, 1], {}], // K = 4: vec4<f16> filter rows
      [[5, 1, 12, 12], [6, 1, 5, 5], {}],
    ];
    let seed = 300;
    for (const [sx, sw, opts] of cases) {
      const [hx, hw] = [host(sx.reduce((p, q) => p * q), seed++), host(sw.reduce((p, q) => p * q), seed++)];
      const x = fromTypedArray(hx, sx, { dtype: 'float16', device: gpu });
      const w = fromTypedArray(hw, sw, { dtype: 'float16', device: gpu });
      const got = conv2d(x, w, null, opts);
      expect(got.dtype).toBe('float16');
      const [x64, w64] = [(await x.toAsync(cpu())).cast('float64'), (await w.toAsync(cpu())).cast('float64')];
      const K = sw[1]! * sw[2]! * sw[3]!;
      const magnitude = conv2d(abs(x64), abs(w64), null, opts);
      await expectWithinHalfBound(got, conv2d(x64, w64, null, opts), magnitude, K, false, `conv ${sx} * ${sw}`);
      const f32 = conv2d(fromTypedArray(hx, sx).cast('float64'), fromTypedArray(hw, sw).cast('float64'), null, opts);
      await expectWithinHalfBound(got, f32, magnitude, K, true, `conv ${sx} * ${sw} vs float32`);
    }
  });
});

describe('float16 refusals', () => {
  it('ops without a float16 kernel raise a DTypeError naming the op, never a wrong result', async () => {
    const h = zeros([4, 4], { dtype: 'float16', device: gpu });
    expect(() => sum(h)).toThrow(DTypeError);
    expect(() => sum(h)).toThrow(/^sum: float16/);
    expect(() => h.exp()).toThrow(/^exp: float16/);
    expect(() => bernoulli(full([4], 0.5, { dtype: 'float16', device: gpu }))).toThrow(/^random: float16/);
    // gradients of the convolution are float32 only: backward refuses instead of computing in half
    const x = randn([1, 1, 4, 4], { device: gpu }).cast('float16');
    const w = randn([1, 1, 3, 3], { device: gpu }).cast('float16');
    w.requiresGrad = true;
    expect(() => conv2d(x, w).backward(full([1, 1, 2, 2], 1, { dtype: 'float16', device: gpu }))).toThrow(DTypeError);
    const m = matmul(h, h);
    expect(m.dtype).toBe('float16');
  });

  it('a device without shader-f16 refuses float16 with a DTypeError saying so', async () => {
    const plain = await webgpu({ gpu: create([]), float16: false });
    try {
      expect(plain.backend.dtypes).not.toContain('float16');
      expect(() => tensor([1, 2], { dtype: 'float16', device: plain })).toThrow(DTypeError);
      expect(() => tensor([1, 2], { dtype: 'float16', device: plain })).toThrow(/shader-f16/);
      expect(() => zeros([2], { dtype: 'float16', device: plain })).toThrow(/shader-f16/);
      expect(() => tensor([1, 2], { device: plain }).cast('float16')).toThrow(/shader-f16/);
      expect(() => tensor([1, 2], { dtype: 'float16' }).to(plain)).toThrow(/shader-f16/);
    } finally {
      gpuDeviceOf(plain).destroy();
    }
  });
});
