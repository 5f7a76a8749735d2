import { afterAll, describe, expect, it } from 'vitest';
import { binaryOp, unaryOp, where, fromTypedArray, tensor, type BinaryOp, type UnaryOp, type Tensor } from '@dnn/tensor';
import { EXACT, parity, testDevice, type HostInput, type Tol } from './test-utils';
import { gpuDeviceOf } from './webgpu';
import { UNARY, BINARY } from './elementwise';

const gpu = await testDevice();
afterAll(() => gpuDeviceOf(gpu).destroy());

const SIZES = [1, 7, 33, 257];
// float32 transcendental functions vs the CPU's float64 ones rounded to float32
const ULPS: Tol = { rtol: 2e-6, atol: 1e-6 };

const unaryCases: Record<UnaryOp, { low?: number; high?: number; tol: Tol }> = {
  neg: { tol: EXACT }, abs: { tol: EXACT }, sign: { tol: EXACT },
  exp: { tol: ULPS }, expm1: { low: -2, high: 2, tol: ULPS },
  log: { low: 0.01, high: 5, tol: ULPS }, log1p: { low: -0.9, high: 3, tol: ULPS },
  sqrt: { low: 0, high: 9, tol: ULPS }, rsqrt: { low: 0.1, high: 9, tol: ULPS }, reciprocal: { low: 0.25, high: 4, tol: ULPS },
  sin: { tol: ULPS }, cos: { tol: ULPS }, tanh: { tol: ULPS }, sigmoid: { low: -8, high: 8, tol: ULPS },
  logSigmoid: { low: -20, high: 20, tol: ULPS },
  relu: { tol: EXACT }, erf: { tol: ULPS },
  floor: { tol: EXACT }, ceil: { tol: EXACT }, round: { low: -5, high: 5, tol: EXACT },
  logicalNot: { low: -1, high: 1, tol: EXACT }, isnan: { tol: EXACT }, isfinite: { tol: EXACT },
};

describe('unary ops: every op of the table, odd sizes, against the CPU', () => {
  it('the table covers every UnaryOp and BinaryOp', () => {
    expect(Object.keys(UNARY).sort()).toEqual(Object.keys(unaryCases).sort());
    expect(Object.keys(BINARY)).toHaveLength(18);
  });
  for (const [op, c] of Object.entries(unaryCases)) {
    it(op, async () => {
      for (const n of SIZES) {
        await parity(gpu, [{ shape: [n], low: c.low, high: c.high }], (x) => unaryOp(op as UnaryOp, x), c.tol, `${op} [${n}]`);
      }
    });
  }

  it('special values (NaN, ±∞, ±0, tiny and huge) give what the CPU gives', async () => {
    const values = [NaN, Infinity, -Infinity, 0, -0, 1e-30, -1e-30, 1e-7, -1e-7, 88, -88, 100, -100, 0.5, -0.5, 1.5, 2.5, -2.5, 1e30];
    const input: HostInput = { shape: [values.length], values };
    // sin and cos of 1e30 would need exact range reduction, which GPU sin/cos do not do
    const trig: HostInput = { shape: [values.length - 1], values: values.slice(0, -1) };
    for (const op of Object.keys(unaryCases) as UnaryOp[]) {
      // log/sqrt of negatives are NaN, exp overflows to ∞, tiny arguments keep their digits (expm1, log1p, tanh, erf)
      await parity(gpu, [op === 'sin' || op === 'cos' ? trig : input], (x) => unaryOp(op, x), { rtol: 4e-6, atol: 1e-37 }, `${op} of special values`);
    }
  });

  it('sin and cos stay within 2e-6 of the CPU for |x| < 100', async () => {
    await parity(gpu, [{ shape: [257], low: -100, high: 100 }], (x) => [x.sin(), x.cos()], { rtol: 0, atol: 2e-6 }, 'sin, cos');
  });

  it('a transposed, flipped and sliced view reads through its strides', async () => {
    await parity(gpu, [{ shape: [33, 7] }], (x) => x.T.exp(), ULPS, 'exp of xᵀ');
    await parity(gpu, [{ shape: [7, 33] }], (x) => x.flip([0, 1]).neg(), EXACT, 'neg of a flip');
    await parity(gpu, [{ shape: [9, 40] }], (x) => x.slice([{ start: 1, step: 2 }, { start: 3, end: 37, step: 3 }]).sin(), ULPS, 'sin of a strided slice');
  });

  it('int32 inputs keep integer arithmetic (neg, abs, sign, relu, floor)', async () => {
    for (const op of ['neg', 'abs', 'sign', 'relu', 'floor'] as const) {
      await parity(gpu, [{ shape: [33], dtype: 'int32', low: -50, high: 50 }], (x) => unaryOp(op, x), EXACT, `${op} int32`);
    }
  });
});

const binaryCases: Record<BinaryOp, { a?: HostInput['low'][]; b?: [number, number]; tol: Tol }> = {
  add: { tol: EXACT }, sub: { tol: EXACT }, mul: { tol: EXACT },
  // WGSL's division is accurate to 2.5 ulp, not correctly rounded
  div: { b: [0.5, 4], tol: { rtol: 4e-7, atol: 0 } },
  pow: { b: [-2, 2], tol: { rtol: 4e-6, atol: 1e-6 } },
  maximum: { tol: EXACT }, minimum: { tol: EXACT }, atan2: { tol: ULPS },
  remainder: { b: [0.5, 3], tol: { rtol: 1e-6, atol: 1e-6 } },
  eq: { tol: EXACT }, ne: { tol: EXACT }, lt: { tol: EXACT }, le: { tol: EXACT }, gt: { tol: EXACT }, ge: { tol: EXACT },
  logicalAnd: { tol: EXACT }, logicalOr: { tol: EXACT }, logicalXor: { tol: EXACT },
};

describe('binary ops: broadcasting and strided operands, against the CPU', () => {
  for (const [op, c] of Object.entries(binaryCases)) {
    it(op, async () => {
      // pow takes a positive base; comparisons get integers so that ties occur
      const integers = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor'].includes(op);
      const a = (shape: number[]): HostInput => ({ shape, low: op === 'pow' ? 0.1 : -3, high: 3, integers });
      const b = (shape: number[]): HostInput => ({ shape, low: c.b?.[0] ?? -3, high: c.b?.[1] ?? 3, integers });
      const f = (x: Tensor, y: Tensor) => binaryOp(op as BinaryOp, x, y);
      for (const n of SIZES) await parity(gpu, [a([n]), b([n])], f, c.tol, `${op} [${n}]`);
      await parity(gpu, [a([33, 1]), b([1, 7])], f, c.tol, `${op} [33,1] with [1,7]`);
      await parity(gpu, [a([2, 7, 5]), b([5])], f, c.tol, `${op} [2,7,5] with [5]`);
      await parity(gpu, [a([7, 33]), b([7, 33])], (x, y) => f(x.T, y.flip(0).T), c.tol, `${op} of transposed and flipped views`);
    });
  }

  it('int32 arithmetic is exact, with Python-style remainder', async () => {
    const ints = (low: number, high: number): HostInput => ({ shape: [257], dtype: 'int32', low, high });
    for (const op of ['add', 'sub', 'mul', 'maximum', 'minimum', 'eq', 'lt', 'ge'] as const) {
      await parity(gpu, [ints(-1000, 1000), ints(-1000, 1000)], (x, y) => binaryOp(op, x, y), EXACT, `${op} int32`);
    }
    await parity(gpu, [ints(-50, 50), ints(1, 9)], (x, y) => binaryOp('remainder', x, y), EXACT, 'remainder int32, positive divisor');
    await parity(gpu, [ints(-50, 50), ints(-9, -1)], (x, y) => binaryOp('remainder', x, y), EXACT, 'remainder int32, negative divisor');
  });

  it('pow of negative bases: integer exponents keep the sign, others are NaN', async () => {
    const base: HostInput = { shape: [8], values: [-2, -2, -2, -1.5, -3, 0, 0, 2] };
    const exp: HostInput = { shape: [8], values: [2, 3, 0.5, -1, 5, 2, -1, 0] };
    await parity(gpu, [base, exp], (x, y) => x.pow(y), { rtol: 2e-6, atol: 0 }, 'pow');
  });

  it('maximum, minimum and comparisons with NaN behave as on the CPU', async () => {
    const a: HostInput = { shape: [6], values: [NaN, 1, NaN, 2, -Infinity, 0] };
    const b: HostInput = { shape: [6], values: [1, NaN, NaN, 2, Infinity, -0] };
    for (const op of ['maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
      await parity(gpu, [a, b], (x, y) => binaryOp(op, x, y), EXACT, `${op} with NaN`);
    }
  });
});

describe('where and copy', () => {
  it('where broadcasts condition and both branches', async () => {
    await parity(gpu, [{ shape: [33, 1] }, { shape: [1, 7] }, { shape: [7] }], (c, a, b) => where(c.gt(0), a, b), EXACT, 'where');
    await parity(gpu, [{ shape: [7, 33], dtype: 'int32', low: -5, high: 5 }, { shape: [33], dtype: 'int32' }],
      (a, b) => where(a.gt(0), a.T.T, b), EXACT, 'where int32');
  });

  it('casts convert between float32, int32 and bool like the CPU (truncation; non-zero is true)', async () => {
    const values = [0, 0.5, -0.5, 1.7, -1.7, 256, -3, 2e9, NaN];
    await parity(gpu, [{ shape: [9], values }], (x) => [x.int(), x.bool(), x.bool().float(), x.int().float()], EXACT, 'casts');
    await parity(gpu, [{ shape: [7, 33], dtype: 'int32', low: -9, high: 9 }], (x) => [x.T.float(), x.T.bool(), x.flip(1).contiguous()], EXACT, 'int32 casts of views');
  });

  it('reads back bool and int32 tensors of every odd size', async () => {
    for (const n of [1, 3, 7, 33, 257]) {
      const flags = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
      const ints = Int32Array.from({ length: n }, (_, i) => i * 1000003 - 5);
      const b = fromTypedArray(flags, [n], { device: gpu });
      const i = fromTypedArray(ints, [n], { device: gpu });
      expect(await b.data()).toEqual(flags);
      expect(await i.data()).toEqual(ints);
      b.dispose();
      i.dispose();
    }
  });

  it('more elements than one row of workgroups covers (65535 × 256) wrap into a second grid dimension', async () => {
    const { full } = await import('@dnn/tensor');
    const n = 65535 * 256 + 1000;
    const ones = full([n + 1], 1, { dtype: 'int32', device: gpu });
    // offset 1: the one-element-per-thread kernel (the vec4 one needs four times as many to wrap)
    const negated = ones.slice([{ start: 1 }]).neg();
    expect(Array.from(await negated.sum().data())).toEqual([-n]);
    expect(Array.from(await negated.slice([{ start: n - 3 }]).data())).toEqual([-1, -1, -1]);
    ones.dispose();
    negated.dispose();
  });

  it('fill writes floats, integers and booleans; zero-size tensors work', async () => {
    const { full, zeros } = await import('@dnn/tensor');
    expect(Array.from(await full([5], -2.5, { device: gpu }).data())).toEqual([-2.5, -2.5, -2.5, -2.5, -2.5]);
    expect(Array.from(await full([3], 7, { dtype: 'int32', device: gpu }).data())).toEqual([7, 7, 7]);
    expect(Array.from(await full([3], 1, { dtype: 'bool', device: gpu }).data())).toEqual([1, 1, 1]);
    const empty = zeros([0, 3], { device: gpu });
    expect(Array.from(await empty.exp().data())).toEqual([]);
    expect(await tensor([[1, 2], [3, 4]], { device: gpu }).T.array()).toEqual([[1, 3], [2, 4]]);
  });
});

describe('the vec4 kernels (dense inputs from offsets that are multiples of 4, or one broadcast value)', () => {
  it('give the CPU values for odd lengths, offset views, broadcast scalars, bool and int32 outputs, and where', async () => {
    await parity(gpu, [{ shape: [1001] }, { shape: [1001] }], (a, b) => [a.add(b), a.mul(b), a.lt(b), a.maximum(b)], EXACT, 'vec4 binary');
    // offsets 4 (vec4 path) and 1 (scalar path) into the same buffer
    await parity(gpu, [{ shape: [64] }], (x) => [x.slice([{ start: 4, end: 41 }]).neg(), x.slice([{ start: 1, end: 38 }]).neg()], EXACT, 'offset views');
    await parity(gpu, [{ shape: [257] }, { shape: [] }], (a, s) => [a.sub(s), s.div(a), a.mul(2)], ULPS, 'a broadcast scalar');
    await parity(gpu, [{ shape: [99], dtype: 'int32' }, { shape: [99], dtype: 'int32' }], (a, b) => [a.add(b), a.mul(b), a.ge(b)], EXACT, 'int32');
    await parity(gpu, [{ shape: [77], dtype: 'bool' }, { shape: [77] }, { shape: [77] }], (c, a, b) => where(c, a, b), EXACT, 'where');
    // a per-channel bias: constant within each group of four when a plane has a multiple of 4 pixels
    await parity(gpu, [{ shape: [4, 3, 8, 8] }, { shape: [3, 1, 1] }], (x, b) => [x.add(b), b.sub(x)], EXACT, 'bias over 8×8 planes');
    await parity(gpu, [{ shape: [2, 3, 5, 5] }, { shape: [3, 1, 1] }], (x, b) => x.add(b), EXACT, 'bias over 5×5 planes');
  });

  it('large ops, where each thread computes several quads, cover every element at the thresholds and odd lengths', async () => {
    // 2^18 elements is the first size given four quads per thread; 7 past it leaves a ragged last pass
    for (const n of [(1 << 18) - 4, 1 << 18, (1 << 18) + 7, 3 * (1 << 18) + 1]) {
      await parity(gpu, [{ shape: [n] }, { shape: [n] }], (a, b) => [a.add(b), a.lt(b)], EXACT, `add [${n}]`);
    }
    // a per-channel bias and a broadcast scalar on the same path
    await parity(gpu, [{ shape: [8, 32, 32, 33] }, { shape: [32, 1, 1] }, { shape: [] }], (x, b, s) => [x.add(b), x.mul(s)], EXACT, 'bias and scalar, 270k elements');
  });
});
