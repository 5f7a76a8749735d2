import { describe, expect, it } from 'vitest';
import { apply } from './engine';
import { rules } from './rules';
import type { Primitive } from '../primitives/params';
import { elementwiseEntry } from '../primitives/elementwise';
import type { Conv2dSpec, Pool2dSpec } from '../backend/contract';
import type { Tensor } from '../tensor';
import { fromTypedArray, tensor } from '../ops/creation';
import { gradcheck, type GradcheckOptions } from '../testing/gradcheck';
import { hostUniform } from '../testing/host-random';

/**
 * A float64 finite-difference check of every gradient rule, one test per key of the `rules` table:
 * a primitive added without a case here fails (and `cases` is typed complete, so tsc lists it too).
 */
interface RuleCase {
  inputs: () => Tensor[];
  fn: (...xs: Tensor[]) => Tensor;
  opts?: GradcheckOptions;
}

let seed = 1;
/** float64 values uniform in [low, high), a fresh seed per call. */
function rnd(shape: number[], low = -2, high = 2): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return fromTypedArray(hostUniform(n, seed++, low, high), shape);
}
/** Values in ±[lo, hi]: random signs, bounded away from 0 (abs, reciprocal, relu kinks). */
function awayFromZero(shape: number[], lo = 0.3, hi = 2): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const mag = hostUniform(n, seed++, lo, hi);
  const sign = hostUniform(n, seed++, -1, 1);
  return fromTypedArray(mag.map((m, i) => (sign[i]! < 0 ? -m : m)), shape);
}
const f64 = (values: number[], shape: number[]) => tensor(values, { dtype: 'float64', shape });
const int32 = (values: number[], shape: number[]) => tensor(Int32Array.from(values), { shape });

const unary = (prim: Primitive, input: () => Tensor = () => rnd([2, 3])): RuleCase => ({
  inputs: () => [input()],
  fn: (x) => apply(prim, [x], {} as never),
});
const binary = (prim: Primitive, a: () => Tensor, b: () => Tensor): RuleCase => ({
  inputs: () => [a(), b()],
  fn: (x, y) => apply(prim, [x, y], {} as never),
});
/** Primitives without a gradient (bool/int outputs): the gradient must flow around them unchanged. */
const nondiff = (prim: Primitive, arity: number, params: object = {}): RuleCase => ({
  inputs: () => Array.from({ length: arity }, () => awayFromZero([2, 3])),
  fn: (...xs) => apply(prim, xs, params as never).cast('float64').add(1).mul(xs[0]!).mul(xs[arity - 1]!),
});

const conv: Conv2dSpec = { stride: [2, 1], padding: [1, 1], dilation: [1, 2], groups: 2 };
const xShape = [2, 4, 6, 5], wShape = [6, 2, 3, 2], yShape = [2, 6, 3, 5];
const pool = (kernel: [number, number], stride: [number, number], padding: [number, number], extra: Partial<Pool2dSpec> = {}): Pool2dSpec => {
  const out = (i: 0 | 1) => Math.floor((5 + 2 * padding[i] - kernel[i]) / stride[i]) + 1;
  return { kernel, stride, padding, dilation: [1, 1], outShape: [out(0), out(1)], ...extra };
};
const maxSpec = pool([3, 3], [2, 2], [1, 1]);
const avgSpec = pool([3, 2], [2, 1], [1, 1], { countIncludePad: false });

const cases: { [P in Primitive]: RuleCase | RuleCase[] } = {
  neg: unary('neg'),
  abs: unary('abs', () => awayFromZero([2, 3])),
  sign: unary('sign', () => awayFromZero([2, 3])),
  exp: unary('exp'),
  expm1: unary('expm1'),
  log: unary('log', () => rnd([2, 3], 0.2, 3)),
  log1p: unary('log1p', () => rnd([2, 3], -0.8, 3)),
  sqrt: unary('sqrt', () => rnd([2, 3], 0.2, 3)),
  rsqrt: unary('rsqrt', () => rnd([2, 3], 0.2, 3)),
  reciprocal: unary('reciprocal', () => awayFromZero([2, 3])),
  sin: unary('sin'),
  cos: unary('cos'),
  tanh: unary('tanh'),
  sigmoid: unary('sigmoid', () => rnd([2, 3], -5, 5)),
  logSigmoid: unary('logSigmoid', () => rnd([2, 3], -5, 5)),
  relu: unary('relu', () => awayFromZero([2, 3])),
  erf: unary('erf'),
  // piecewise constant: zero gradient away from the jumps (random inputs avoid them)
  floor: unary('floor', () => rnd([2, 3], -3, 3)),
  ceil: unary('ceil', () => rnd([2, 3], -3, 3)),
  round: unary('round', () => rnd([2, 3], -3, 3)),
  logicalNot: nondiff('logicalNot', 1),
  isnan: nondiff('isnan', 1),
  isfinite: nondiff('isfinite', 1),

  // binary rules must also sum gradients back over broadcast dims
  add: binary('add', () => rnd([2, 3]), () => rnd([3])),
  sub: binary('sub', () => rnd([2, 1]), () => rnd([1, 3])),
  mul: binary('mul', () => rnd([2, 3]), () => rnd([2, 3])),
  div: binary('div', () => rnd([2, 3]), () => awayFromZero([3])),
  pow: [
    binary('pow', () => rnd([2, 3], 0.3, 2), () => rnd([2, 1])),
    // base 0: d/db a^b is taken as 0 (a^b ln a → 0), and finite differences agree for b > 1
    { inputs: () => [f64([0, 0.5, 1.5], [3]), f64([1.5, 2.5, 3], [3])], fn: (a, b) => apply('pow', [a, b], {}), opts: { wrt: [1] } },
  ],
  maximum: binary('maximum', () => rnd([2, 3]), () => rnd([3])),
  minimum: binary('minimum', () => rnd([2, 3]), () => rnd([2, 1])),
  atan2: binary('atan2', () => awayFromZero([2, 3]), () => awayFromZero([2, 3])),
  remainder: binary('remainder', () => rnd([2, 3], -5, 5), () => rnd([3], 0.7, 2)),
  eq: nondiff('eq', 2),
  ne: nondiff('ne', 2),
  lt: nondiff('lt', 2),
  le: nondiff('le', 2),
  gt: nondiff('gt', 2),
  ge: nondiff('ge', 2),
  logicalAnd: nondiff('logicalAnd', 2),
  logicalOr: nondiff('logicalOr', 2),
  logicalXor: nondiff('logicalXor', 2),

  where: {
    inputs: () => [tensor([[true], [false]]), rnd([2, 3]), rnd([3])],
    fn: (c, a, b) => apply('where', [c, a, b], {}),
  },
  cast: [
    { inputs: () => [rnd([2, 3])], fn: (x) => apply('cast', [x.mT()], { dtype: 'float64' }) },
    // through float32 and back: the rule casts the gradient to the input's dtype
    { inputs: () => [rnd([4])], fn: (x) => apply('cast', [x], { dtype: 'float32' }), opts: { eps: 1e-3, atol: 1e-4 } },
  ],
  sum: [
    { inputs: () => [rnd([2, 3, 4])], fn: (x) => apply('sum', [x], { axes: [0, 2], keepDim: false }) },
    { inputs: () => [rnd([2, 3])], fn: (x) => apply('sum', [x], { axes: [1], keepDim: true }) },
  ],
  prod: [
    { inputs: () => [awayFromZero([3, 4], 0.5, 1.5)], fn: (x) => apply('prod', [x], { axes: [1], keepDim: false }) },
    // one zero in a row: only that element gets a gradient (the product of the others); two zeros: none
    { inputs: () => [f64([0.5, 0, 2, 1.5, 0, 3, 0, 0.7, 1.2], [3, 3])], fn: (x) => apply('prod', [x], { axes: [1], keepDim: true }) },
  ],
  max: [
    { inputs: () => [rnd([3, 4])], fn: (x) => apply('max', [x], { axes: [1], keepDim: false }) },
    // a two-way tie shares the gradient 1/2 each, which is what the central difference measures
    { inputs: () => [f64([1, 3, 3, 2, -1, 0.5, -2, 0.5], [2, 4])], fn: (x) => apply('max', [x], { axes: [0, 1], keepDim: true }) },
  ],
  min: [
    { inputs: () => [rnd([3, 4])], fn: (x) => apply('min', [x], { axes: [0], keepDim: true }) },
    { inputs: () => [f64([1, -3, 2, -3], [4])], fn: (x) => apply('min', [x], { axes: [0], keepDim: false }) },
  ],
  any: nondiff('any', 1, { axes: [1], keepDim: true }),
  all: nondiff('all', 1, { axes: [1], keepDim: true }),
  argmax: nondiff('argmax', 1, { axis: 1, keepDim: true }),
  argmin: nondiff('argmin', 1, { axis: 1, keepDim: true }),
  matmul: [
    { inputs: () => [rnd([2, 3, 4]), rnd([2, 4, 5])], fn: (a, b) => apply('matmul', [a, b], {}) },
    // transposed (strided) operands
    { inputs: () => [rnd([4, 3]), rnd([5, 4])], fn: (a, b) => apply('matmul', [a.mT(), b.mT()], {}) },
  ],
  reshape: [
    { inputs: () => [rnd([2, 3, 4])], fn: (x) => apply('reshape', [x], { shape: [6, 4] }) },
    // a non-contiguous input takes the copying path
    { inputs: () => [rnd([3, 4])], fn: (x) => apply('reshape', [x.mT()], { shape: [2, 6] }) },
  ],
  permute: { inputs: () => [rnd([2, 3, 4])], fn: (x) => apply('permute', [x], { perm: [2, 0, 1] }) },
  expand: { inputs: () => [rnd([3, 1])], fn: (x) => apply('expand', [x], { shape: [2, 3, 4] }) },
  slice: { inputs: () => [rnd([5, 6])], fn: (x) => apply('slice', [x], { begin: [1, 0], end: [5, 6], step: [2, 3] }) },
  flip: { inputs: () => [rnd([3, 4])], fn: (x) => apply('flip', [x], { dims: [1] }) },
  place: { inputs: () => [rnd([2, 2])], fn: (x) => apply('place', [x], { shape: [5, 6], begin: [1, 0], step: [2, 3] }) },
  pad: { inputs: () => [rnd([2, 3])], fn: (x) => apply('pad', [x], { before: [1, 0], after: [2, 1], value: 0.5 }) },
  concat: { inputs: () => [rnd([2, 1]), rnd([2, 3]), rnd([2, 2])], fn: (a, b, c) => apply('concat', [a, b, c], { axis: 1 }) },
  gather: {
    // repeated indices: the rule must accumulate, not overwrite
    inputs: () => [rnd([3, 4]), int32([1, 1, 0, 3, 2, 2], [3, 2])],
    fn: (x, i) => apply('gather', [x, i], { dim: 1 }),
  },
  scatterAdd: {
    inputs: () => [rnd([3, 4]), int32([1, 1, 0, 3, 2, 2], [3, 2]), rnd([3, 2])],
    fn: (base, i, src) => apply('scatterAdd', [base, i, src], { dim: 1 }),
  },
  conv2d: { inputs: () => [rnd(xShape), rnd(wShape)], fn: (x, w) => apply('conv2d', [x, w], conv) },
  conv2dBackwardInput: {
    inputs: () => [rnd(yShape), rnd(wShape)],
    fn: (dy, w) => apply('conv2dBackwardInput', [dy, w], { ...conv, xShape }),
  },
  conv2dBackwardWeight: {
    inputs: () => [rnd(xShape), rnd(yShape)],
    fn: (x, dy) => apply('conv2dBackwardWeight', [x, dy], { ...conv, wShape }),
  },
  // overlapping windows: one maximum can win several windows and collect all their gradients
  maxPool2d: { inputs: () => [rnd([1, 2, 5, 5])], fn: (x) => apply('maxPool2d', [x], maxSpec) },
  avgPool2d: [
    { inputs: () => [rnd([1, 2, 5, 5])], fn: (x) => apply('avgPool2d', [x], avgSpec) },
    { inputs: () => [rnd([1, 2, 5, 5])], fn: (x) => apply('avgPool2d', [x], { ...avgSpec, countIncludePad: true, divisorOverride: 5 }) },
  ],
  avgPool2dBackward: {
    inputs: () => [rnd([1, 2, ...avgSpec.outShape])],
    fn: (dy) => apply('avgPool2dBackward', [dy], { ...avgSpec, xShape: [1, 2, 5, 5] }),
  },
  spmm: {
    // repeated entries (row 1 ← col 2 twice) and a row without entries (row 3)
    inputs: () => [rnd([4, 2, 3]), rnd([6, 2]), int32([0, 1, 1, 2, 0, 1], [6]), int32([2, 2, 2, 0, 3, 1], [6])],
    fn: (x, w, row, col) => apply('spmm', [x, w, row, col], { rows: 4 }),
  },
  sddmm: {
    // repeated pairs (entries 1 and 2) and rows of a and b that no entry reads
    inputs: () => [rnd([3, 2, 3]), rnd([4, 2, 3]), int32([0, 1, 1, 2, 0], [5]), int32([2, 2, 2, 0, 1], [5])],
    fn: (a, b, row, col) => apply('sddmm', [a, b, row, col], {}),
  },
  segmentSoftmax: {
    // segments {0, 4}, {1, 2, 5}, {3} and an empty one; slots pad each to 3 rows with row 6
    inputs: () => [rnd([6, 2]), int32([0, 1, 1, 2, 0, 1], [6]), int32([0, 4, 6, 1, 2, 5, 3, 6, 6, 6, 6, 6], [12])],
    fn: (src, ids, slots) => apply('segmentSoftmax', [src, ids, slots], { count: 4 }),
  },
  edgeLogits: {
    // repeated entries and nodes no entry reads; values away from the kink at 0
    inputs: () => [awayFromZero([4, 2]), awayFromZero([3, 2]).mul(0.1), int32([0, 1, 1, 2, 0], [5]), int32([2, 2, 3, 0, 2], [5])],
    fn: (src, dst, row, col) => apply('edgeLogits', [src, dst, row, col], { slope: 0.2 }),
  },
  lstmCell: [
    { inputs: () => [rnd([3, 8]), rnd([3, 2])], fn: (gates, c) => apply('lstmCell', [gates, c], {}) },
    // c' read as a strided narrow of a wider tensor, as the layers pass the previous step's state
    { inputs: () => [rnd([2, 12]), rnd([2, 6])], fn: (gates, c) => apply('lstmCell', [gates, c.narrow(1, 3, 3)], {}) },
    // the hidden part apart, as the layers pass it
    { inputs: () => [rnd([2, 8]), rnd([2, 2]), rnd([2, 8])], fn: (gates, c, gh) => apply('lstmCell', [gates, c, gh], {}) },
  ],
  gruCell: {
    inputs: () => [rnd([3, 6]), rnd([3, 6]), rnd([3, 2])],
    fn: (gi, gh, h) => apply('gruCell', [gi, gh, h], {}),
  },
  softmax: [
    { inputs: () => [rnd([3, 4])], fn: (x) => apply('softmax', [x], { dim: 1, log: false }) },
    { inputs: () => [rnd([3, 4])], fn: (x) => apply('softmax', [x.mT()], { dim: 0, log: true }) },
  ],
  // T = 3, N = 2, H = 2: forward, reversed with lengths (padded steps), a projection P = 1, GRU with b_hh
  rnnSequence: [
    { inputs: () => [rnd([3, 2, 8]), rnd([2, 2]), rnd([2, 2]), rnd([8, 2], -1, 1)], fn: (...xs) => apply('rnnSequence', xs, { cell: 'lstm', reverse: false, lengths: null }) },
    { inputs: () => [rnd([3, 2, 8]), rnd([2, 1]), rnd([2, 2]), rnd([8, 1], -1, 1), rnd([1, 2])], fn: (...xs) => apply('rnnSequence', xs, { cell: 'lstm', reverse: true, lengths: [3, 1] }) },
    { inputs: () => [rnd([3, 2, 6]), rnd([2, 2]), rnd([6, 2], -1, 1), rnd([6])], fn: (...xs) => apply('rnnSequence', xs, { cell: 'gru', reverse: true, lengths: [2, 3] }) },
    { inputs: () => [rnd([3, 2, 6]), rnd([2, 2]), rnd([6, 2], -1, 1)], fn: (...xs) => apply('rnnSequence', xs, { cell: 'gru', reverse: false, lengths: null }) },
  ],
  biasActivation: [
    // x + bias away from relu's kink: |x| ≥ 0.3, |bias| ≤ 0.1
    { inputs: () => [awayFromZero([2, 3, 2]), rnd([3], -0.1, 0.1)], fn: (x, b) => apply('biasActivation', [x, b], { axis: 1, activation: 'relu' }) },
    { inputs: () => [rnd([3, 4]), rnd([4])], fn: (x, b) => apply('biasActivation', [x, b], { axis: 1, activation: 'sigmoid' }) },
    { inputs: () => [rnd([4, 3]), rnd([4])], fn: (x, b) => apply('biasActivation', [x.mT(), b], { axis: 1, activation: 'tanh' }) },
    { inputs: () => [rnd([2, 5]), rnd([2])], fn: (x, b) => apply('biasActivation', [x, b], { axis: 0, activation: 'identity' }) },
  ],
  reluBackward: { inputs: () => [rnd([2, 3]), awayFromZero([2, 3])], fn: (dy, x) => apply('reluBackward', [dy, x], {}) },
  softmaxCrossEntropy: [
    // a repeated class, and a row whose target is ignored (zero loss, zero gradient)
    { inputs: () => [rnd([4, 5]), int32([2, 0, 2, 4], [4])], fn: (x, t) => apply('softmaxCrossEntropy', [x, t], { ignoreIndex: -100 }) },
    { inputs: () => [rnd([5, 3]), int32([1, 7, 0], [3])], fn: (x, t) => apply('softmaxCrossEntropy', [x.mT(), t], { ignoreIndex: 7 }) },
  ],
  batchNorm: [
    { inputs: () => [rnd([3, 2, 2, 3]), rnd([2]), rnd([2])], fn: (x, w, b) => apply('batchNorm', [x, w, b], { eps: 1e-5 }) },
    // a transposed [N, C] input, and a large eps
    { inputs: () => [rnd([3, 4]), rnd([3]), rnd([3])], fn: (x, w, b) => apply('batchNorm', [x.mT(), w, b], { eps: 0.5 }) },
  ],
};

describe('gradient rules: float64 finite differences', () => {
  it('has a case for exactly the primitives of the rules table', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(rules).sort());
  });

  for (const prim of Object.keys(rules) as Primitive[]) {
    it(prim, async () => {
      const entry = cases[prim] as RuleCase | RuleCase[] | undefined;
      if (!entry) throw new Error(`no gradcheck case for the '${prim}' rule`);
      for (const c of Array.isArray(entry) ? entry : [entry]) {
        const inputs = c.inputs();
        const report = await gradcheck(c.fn, inputs, c.opts);
        expect(report.evaluations).toBeGreaterThan(0);
        for (const t of inputs) t.dispose();
      }
    });
  }
});

describe('primitives without gradients', () => {
  const noGradPrims = (Object.keys(rules) as Primitive[]).filter(
    (p) => elementwiseEntry(p)?.test || p === 'any' || p === 'all' || p === 'argmax' || p === 'argmin',
  );

  it('are the comparisons, logical ops and index reductions', () => {
    expect(noGradPrims).toHaveLength(16);
  });

  for (const prim of noGradPrims) {
    it(`${prim}: output is cut from the tape and the rule returns no gradient`, () => {
      const c = cases[prim] as RuleCase;
      const xs = c.inputs().map((t) => t.setRequiresGrad(true));
      const params = prim === 'argmax' || prim === 'argmin' ? { axis: 1, keepDim: true } : prim === 'any' || prim === 'all' ? { axes: [1], keepDim: true } : {};
      const y = apply(prim, xs, params as never);
      expect(y.requiresGrad).toBe(false);
      expect(y.node).toBeNull();
      const rule = rules[prim] as (...args: unknown[]) => (Tensor | null)[];
      expect(rule(y, xs, params, [y], xs.map(() => true))).toEqual(xs.map(() => null));
    });
  }
});

describe('the check itself', () => {
  it('fails when a rule is wrong', async () => {
    const table = rules as Record<string, unknown>;
    const original = table.sin;
    // cos → -cos: the kind of sign slip the table must never ship
    table.sin = (g: Tensor, [x]: Tensor[]) => [g.mul(x!.cos()).neg()];
    try {
      const c = cases.sin as RuleCase;
      await expect(gradcheck(c.fn, c.inputs())).rejects.toThrow(/^gradcheck: input 0 \[2,3\] element \[\d,\d\]/);
    } finally {
      table.sin = original;
    }
  });

  it('fails when a broadcast gradient is not summed back', async () => {
    const table = rules as Record<string, unknown>;
    const original = table.add;
    table.add = (g: Tensor, [a, b]: Tensor[]) => [g, g.sum(0).div(2).reshape(b!.shape)];
    try {
      const c = cases.add as RuleCase;
      await expect(gradcheck(c.fn, c.inputs())).rejects.toThrow(/^gradcheck: input 1 \[3\]/);
    } finally {
      table.add = original;
    }
  });
});
