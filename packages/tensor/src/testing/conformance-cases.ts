import {
  avgPool2d, batchNormTrain, biasActivation, clamp, concat, conv2d, crossEntropy, edgeLogits, gruCell, gruSequence, lstmCell, lstmSequence, convTranspose2d, enableGrad, gradients, maxPool2d, pad, segmentSoftmax, segmentSum, sddmm, spmm, where, zeros,
  type BinaryOp, type Primitive, type Tensor, type UnaryOp,
} from '@dnn/tensor';
import type { InputSpec } from './conformance-context';
import * as R from './reference';
import * as RC from './reference-conv';
import { rnnSequence as rnnSequenceRef } from './reference-rnn';

/**
 * The per-primitive table of the conformance suite: for every primitive, cases that run it on a device
 * through the public API and the same computation on float64 host arrays. Typed complete, so a new
 * primitive does not compile until the suite covers it.
 */
export interface PrimitiveCase {
  name: string;
  inputs: InputSpec[];
  run: (xs: Tensor[]) => Tensor;
  ref: (xs: R.Ref[]) => R.Ref;
  /** Sums over many terms: looser tolerances for float32. */
  accumulates?: boolean;
  /** Skip the gradient check (ties, piecewise-constant inputs, non-float outputs are skipped anyway). */
  noGrad?: boolean;
}

/** act(x + bias[i_axis]) on float64 host arrays. */
function biasActivationRef(x: R.Ref, bias: R.Ref, axis: number, act: (v: number) => number): R.Ref {
  const inner = R.numel(x.shape.slice(axis + 1)), C = x.shape[axis]!;
  return R.ref(Array.from(x.data, (v, i) => act(v + bias.data[Math.floor(i / inner) % C]!)), x.shape);
}

/** A 1-D row index (negatives wrapped) as the [E, …rest] index of a gather / scatter-add along dim 0. */
function rowIndexRef(index: R.Ref, size: number, rest: readonly number[]): R.Ref {
  const w = R.numel(rest);
  const at = (k: number) => { const j = index.data[Math.floor(k / w)]!; return j < 0 ? j + size : j; };
  return R.ref(Array.from({ length: index.data.length * w }, (_, k) => at(k)), [index.shape[0]!, ...rest]);
}

/** The gradient of relu at x for the output gradient dy, through the public API. */
function reluGradient(dy: Tensor, x: Tensor): Tensor {
  return enableGrad(() => {
    const leaf = x.detach().setRequiresGrad();
    const [dx] = gradients(leaf.relu(), [leaf], [dy]);
    leaf.dispose();
    return dx!;
  });
}

/** −log softmax(x)[n, t[n]] per row, 0 where t[n] is `ignore`. */
function crossEntropyRef(x: R.Ref, t: R.Ref, ignore: number): R.Ref {
  const logp = R.softmax(x, 1, true), C = x.shape[1]!;
  return R.ref(Array.from(t.data, (k, n) => (k === ignore ? 0 : -logp.data[n * C + k]!)), [t.shape[0]!]);
}

/** Training-mode batch norm over every axis but 1, in float64: y, then the mean and biased variance. */
function batchNormRef(x: R.Ref, w: R.Ref, b: R.Ref, eps: number): R.Ref[] {
  const C = x.shape[1]!, S = x.shape.slice(2).reduce((p, d) => p * d, 1), M = x.data.length / C;
  const at = (i: number): number => Math.floor(i / S) % C;
  const mean = new Float64Array(C), variance = new Float64Array(C);
  x.data.forEach((v, i) => (mean[at(i)] += v / M));
  x.data.forEach((v, i) => (variance[at(i)] += (v - mean[at(i)]!) ** 2 / M));
  const y = Array.from(x.data, (v, i) => ((v - mean[at(i)]!) / Math.sqrt(variance[at(i)]! + eps)) * w.data[at(i)]! + b.data[at(i)]!);
  return [R.ref(y, x.shape), R.ref(mean, [C]), R.ref(variance, [C])];
}
const batchNormAll = (r: { y: Tensor; mean: Tensor; variance: Tensor }): Tensor => concat([r.y.reshape([-1]), r.mean, r.variance], 0);
const batchNormAllRef = (rs: R.Ref[]): R.Ref => R.ref(rs.flatMap((r) => [...r.data]));

/** Whole rows picked along dim 0 (`x[index]`): odd widths, repeats, negatives, strided rows, wide rows, none. */
const rowGatherCases: PrimitiveCase[] = [
  { shape: [7, 5], n: 9, low: 0, what: 'repeated indices' },
  { shape: [5, 2, 3], n: 6, low: -5, what: 'negative indices, rows of [2,3]' },
  { shape: [1, 257], n: 3, low: 0, what: 'wide rows' },
  { shape: [4, 3], n: 0, low: 0, what: 'an empty index' },
].map(({ shape, n, low, what }) => ({
  name: `indexSelect of whole rows of [${shape}] by ${n} indices, ${what}`,
  inputs: [{ shape }, { shape: [n], kind: 'int32' as const, low, high: shape[0]! - 1 }],
  run: ([x, i]) => x!.indexSelect(0, i!),
  ref: ([x, i]) => R.gather(x!, 0, rowIndexRef(i!, shape[0]!, shape.slice(1))),
}));
rowGatherCases.push({
  name: 'indexSelect of whole rows of a transposed view [3,6]ᵀ', inputs: [{ shape: [3, 6] }, { shape: [8], kind: 'int32', low: 0, high: 5 }],
  run: ([x, i]) => x!.T.indexSelect(0, i!), ref: ([x, i]) => R.gather(R.permute(x!, [1, 0]), 0, rowIndexRef(i!, 6, [3])),
});

/** Whole rows added along dim 0 (`out.index_add_(0, index, src)`, segment sums): repeats, a base, strided rows, none. */
const rowScatterAddCases: PrimitiveCase[] = [
  {
    name: 'segmentSum of [9,5] rows into 4 segments (repeated ids)', inputs: [{ shape: [9, 5] }, { shape: [9], kind: 'int32', low: 0, high: 3 }],
    run: ([s, i]) => segmentSum(s!, i!, 4), ref: ([s, i]) => R.scatterAdd(R.ref(new Float64Array(20), [4, 5]), 0, rowIndexRef(i!, 4, [5]), s!), accumulates: true,
  },
  {
    name: 'scatterAdd of whole rows [7,2,3] into a base [4,2,3], negative and repeated indices',
    inputs: [{ shape: [4, 2, 3] }, { shape: [7], kind: 'int32', low: -4, high: 3 }, { shape: [7, 2, 3] }],
    run: ([b, i, s]) => b!.scatterAdd(0, i!.reshape([7, 1, 1]).expand([7, 2, 3]), s!),
    ref: ([b, i, s]) => R.scatterAdd(b!, 0, rowIndexRef(i!, 4, [2, 3]), s!), accumulates: true,
  },
  {
    name: 'segmentSum of the rows of a transposed view [3,7]ᵀ', inputs: [{ shape: [3, 7] }, { shape: [7], kind: 'int32', low: 0, high: 2 }],
    run: ([s, i]) => segmentSum(s!.T, i!, 3),
    ref: ([s, i]) => R.scatterAdd(R.ref(new Float64Array(9), [3, 3]), 0, rowIndexRef(i!, 3, [3]), R.permute(s!, [1, 0])), accumulates: true,
  },
  {
    name: 'segmentSum of no rows', inputs: [{ shape: [0, 5] }, { shape: [0], kind: 'int32', low: 0, high: 2 }],
    run: ([s, i]) => segmentSum(s!, i!, 3), ref: () => R.ref(new Float64Array(15), [3, 5]),
  },
];

/** out[row[k]] += w[k, h] · x[col[k], h] over x [N, F] (w [E]) or [N, H, C] (w [E, H]). */
function refSddmm(a: R.Ref, b: R.Ref, row: R.Ref, col: R.Ref): R.Ref {
  const [, H, C] = a.shape as [number, number, number];
  const out = new Float64Array(row.data.length * H);
  row.data.forEach((i, k) => {
    for (let h = 0; h < H; h++) {
      for (let f = 0; f < C; f++) out[k * H + h] += a.data[(i * H + h) * C + f]! * b.data[(col.data[k]! * H + h) * C + f]!;
    }
  });
  return R.ref(out, [row.data.length, H]);
}

function refSegmentSoftmax(src: R.Ref, ids: R.Ref, count: number): R.Ref {
  const E = src.shape[0]!, W = E ? src.data.length / E : 0;
  const max = new Float64Array(count * W).fill(-Infinity), sum = new Float64Array(count * W);
  ids.data.forEach((s, k) => { for (let w = 0; w < W; w++) max[s * W + w] = Math.max(max[s * W + w]!, src.data[k * W + w]!); });
  const e = src.data.map((v, i) => Math.exp(v - max[ids.data[Math.floor(i / W)]! * W + (i % W)]!));
  e.forEach((v, i) => { sum[ids.data[Math.floor(i / W)]! * W + (i % W)]! += v; });
  return R.ref(e.map((v, i) => v / (sum[ids.data[Math.floor(i / W)]! * W + (i % W)]! + 1e-16)), src.shape);
}

function refEdgeLogits(src: R.Ref, dst: R.Ref, row: R.Ref, col: R.Ref, slope: number): R.Ref {
  const W = R.numel(src.shape.slice(1)), E = row.data.length;
  const out = new Float64Array(E * W);
  for (let k = 0; k < E; k++) {
    for (let w = 0; w < W; w++) {
      const z = src.data[col.data[k]! * W + w]! + dst.data[row.data[k]! * W + w]!;
      out[k * W + w] = z > 0 ? z : slope * z;
    }
  }
  return R.ref(out, [E, ...src.shape.slice(1)]);
}

function refSpmm(x: R.Ref, w: R.Ref, row: R.Ref, col: R.Ref, rows: number): R.Ref {
  const width = R.numel(x.shape.slice(1)), H = w.shape[1] ?? 1, C = width / H;
  const out = new Float64Array(rows * width);
  row.data.forEach((i, k) => {
    for (let h = 0; h < H; h++) {
      for (let f = 0; f < C; f++) out[i * width + h * C + f] += w.data[k * H + h]! * x.data[col.data[k]! * width + h * C + f]!;
    }
  });
  return R.ref(out, [rows, ...x.shape.slice(1)]);
}

const unaryDomains: { [P in UnaryOp]: Partial<InputSpec> } = {
  neg: {}, abs: { away: 0.2 }, sign: { away: 0.2 }, exp: {}, expm1: {},
  log: { low: 0.1 }, log1p: { low: -0.9 }, sqrt: { low: 0.1 }, rsqrt: { low: 0.1 }, reciprocal: { away: 0.3 },
  sin: {}, cos: {}, tanh: {}, sigmoid: { low: -8, high: 8 }, logSigmoid: { low: -8, high: 8 }, relu: { away: 0.2 }, erf: {},
  floor: {}, ceil: {}, round: {},
  logicalNot: { integers: true, low: -1, high: 1 },
  isnan: { values: [NaN, Infinity, -Infinity, 0, 1.5, -2, NaN, 3, -0.5, 1e30, -7, 2, 0.25, NaN, 5] },
  isfinite: { values: [NaN, Infinity, -Infinity, 0, 1.5, -2, NaN, 3, -0.5, 1e30, -7, 2, 0.25, NaN, 5] },
};

function unaryCases(op: UnaryOp): PrimitiveCase[] {
  const d = unaryDomains[op];
  const flat: PrimitiveCase = {
    name: `${op} [7]`, inputs: [{ shape: [7], ...d, values: d.values?.slice(0, 7) }],
    run: ([x]) => x![op](), ref: ([x]) => R.unary(op, x!),
  };
  const view: PrimitiveCase = {
    name: `${op} of a transposed view [3,5]ᵀ`, inputs: [{ shape: [3, 5], ...d }],
    run: ([x]) => x!.T[op](), ref: ([x]) => R.unary(op, R.permute(x!, [1, 0])),
  };
  const cases = [flat, view];
  if (op === 'relu') {
    // PyTorch's relu is x < 0 ? 0 : x: NaN stays NaN (a NaN weight must not vanish behind a relu)
    cases.push({ name: 'relu: NaN propagates, ±0 and ±∞', inputs: [{ shape: [8], values: [NaN, -0, 0, Infinity, -Infinity, 1.5, -2, NaN] }], run: ([x]) => x!.relu(), ref: ([x]) => R.unary('relu', x!), noGrad: true });
  }
  if (op === 'round') {
    cases.push({ name: 'round: halves go to even', inputs: [{ shape: [8], values: [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 3.5] }], run: ([x]) => x!.round(), ref: ([x]) => R.unary('round', x!), noGrad: true });
  }
  return cases;
}

const binaryDomains: { [P in BinaryOp]: [Partial<InputSpec>, Partial<InputSpec>] } = {
  add: [{}, {}], sub: [{}, {}], mul: [{}, {}], div: [{}, { away: 0.3 }], pow: [{ low: 0.2, high: 2 }, { low: -2, high: 2 }],
  maximum: [{}, {}], minimum: [{}, {}], atan2: [{ away: 0.2 }, { away: 0.2 }], remainder: [{ low: -5, high: 5 }, { away: 0.5, low: -2, high: 2 }],
  eq: [{ integers: true, low: -1, high: 1 }, { integers: true, low: -1, high: 1 }],
  ne: [{ integers: true, low: -1, high: 1 }, { integers: true, low: -1, high: 1 }],
  lt: [{ integers: true, low: -1, high: 1 }, { integers: true, low: -1, high: 1 }],
  le: [{ integers: true, low: -1, high: 1 }, { integers: true, low: -1, high: 1 }],
  gt: [{ integers: true, low: -1, high: 1 }, { integers: true, low: -1, high: 1 }],
  ge: [{ integers: true, low: -1, high: 1 }, { integers: true, low: -1, high: 1 }],
  logicalAnd: [{ integers: true, low: -1, high: 1 }, { integers: true, low: 0, high: 2 }],
  logicalOr: [{ integers: true, low: -1, high: 1 }, { integers: true, low: 0, high: 2 }],
  logicalXor: [{ integers: true, low: -1, high: 1 }, { integers: true, low: 0, high: 2 }],
};

/** NaN on either side, beside ordinary pairs: maximum and minimum return NaN, as PyTorch's do. */
const nanPairs = { a: [NaN, 1, NaN, -2, 3, Infinity, -0, 2], b: [1, NaN, NaN, -3, 3, NaN, 0, -Infinity] };

function binaryCases(op: BinaryOp): PrimitiveCase[] {
  const [da, db] = binaryDomains[op];
  const nan: PrimitiveCase[] = op === 'maximum' || op === 'minimum'
    ? [{ name: `${op}: NaN in either input propagates`, inputs: [{ shape: [8], values: nanPairs.a }, { shape: [8], values: nanPairs.b }], run: ([a, b]) => a![op](b!), ref: ([a, b]) => R.binary(op, a!, b!), noGrad: true }]
    : [];
  return [
    ...nan,
    { name: `${op} [2,3] with [3]`, inputs: [{ shape: [2, 3], ...da }, { shape: [3], ...db }], run: ([a, b]) => a![op](b!), ref: ([a, b]) => R.binary(op, a!, b!) },
    {
      name: `${op} of views [3,2]ᵀ with [2,1]`, inputs: [{ shape: [3, 2], ...da }, { shape: [2, 1], ...db }],
      run: ([a, b]) => a!.T[op](b!), ref: ([a, b]) => R.binary(op, R.permute(a!, [1, 0]), b!),
    },
  ];
}

const UNARY = Object.keys(unaryDomains) as UnaryOp[];
const BINARY = Object.keys(binaryDomains) as BinaryOp[];

const convParams = { stride: [2, 1], padding: [1, 1], dilation: [1, 2], groups: 2 } as const;
const xShape = [2, 4, 6, 5], wShape = [6, 2, 3, 2], yShape = [2, 6, 3, 5];
const maxPoolA = { kernel: [3, 3], stride: [2, 2], padding: [1, 1] } as const;
const maxPoolB = { kernel: [2, 3], stride: [2, 2], padding: [0, 1], dilation: [2, 1], ceilMode: true } as const;
const avgPoolA = { kernel: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true, countIncludePad: false } as const;
const avgPoolB = { kernel: [3, 3], stride: [2, 2], padding: [1, 1] } as const;
const poolOpts = (p: RC.PoolParams) => ({
  kernelSize: p.kernel as [number, number], stride: p.stride as [number, number], padding: p.padding as [number, number],
  dilation: p.dilation as [number, number] | undefined, ceilMode: p.ceilMode, countIncludePad: p.countIncludePad,
  divisorOverride: p.divisorOverride,
});
const poolOutShape = (x: readonly number[], p: RC.PoolParams) => [x[0]!, x[1]!,
  RC.poolOut(x[2]!, p.kernel[0], p.stride[0], p.padding[0], p.dilation?.[0] ?? 1, p.ceilMode ?? false),
  RC.poolOut(x[3]!, p.kernel[1], p.stride[1], p.padding[1], p.dilation?.[1] ?? 1, p.ceilMode ?? false)];

/** The gradient of `f` at a zero input of `shape` against the cotangent g: reaches backward-only primitives. */
function vjpAt(g: Tensor, shape: number[], f: (x0: Tensor) => Tensor): Tensor {
  return enableGrad(() => {
    const x0 = zeros(shape, { dtype: g.dtype, device: g.device, requiresGrad: true });
    const [dx] = gradients(f(x0), [x0], [g], { createGraph: g.requiresGrad });
    x0.dispose();
    return dx!;
  });
}

const mixed = [1.5, 0, -2, 0.5, 0.75, -1];

export const primitiveCases: { [P in Primitive]: PrimitiveCase[] } = {
  ...(Object.fromEntries(UNARY.map((op) => [op, unaryCases(op)])) as { [P in UnaryOp]: PrimitiveCase[] }),
  ...(Object.fromEntries(BINARY.map((op) => [op, binaryCases(op)])) as { [P in BinaryOp]: PrimitiveCase[] }),
  where: [{
    name: 'where, cond [2,1] a [2,3] b [3]', inputs: [{ shape: [2, 1], kind: 'bool' }, { shape: [2, 3] }, { shape: [3] }],
    run: ([c, a, b]) => where(c!, a!, b!), ref: ([c, a, b]) => R.where(c!, a!, b!),
  }, {
    // clamp is where over comparisons: a NaN input, or a NaN tensor bound, gives NaN as in PyTorch
    name: 'clamp (where, lt, gt, isnan): NaN inputs and NaN tensor bounds propagate',
    inputs: [{ shape: [6], values: [NaN, -5, 0.5, 5, 1, 1] }, { shape: [6], values: [0, 0, 0, 0, NaN, 0] }, { shape: [6], values: [2, 2, 2, 2, 2, NaN] }],
    run: ([x, lo, hi]) => clamp(x!, lo!, hi!), ref: ([x, lo, hi]) => R.clamp(x!, lo!, hi!), noGrad: true,
  }],
  cast: [
    { name: 'clone (same dtype)', inputs: [{ shape: [2, 3] }], run: ([x]) => x!.clone(), ref: ([x]) => x! },
    { name: 'contiguous copy of a transposed view', inputs: [{ shape: [3, 4] }], run: ([x]) => x!.T.contiguous(), ref: ([x]) => R.permute(x!, [1, 0]) },
    { name: 'float → int32 truncates toward zero', inputs: [{ shape: [6], values: [-2.7, -0.5, 0, 0.5, 1.9, 3.2] }], run: ([x]) => x!.cast('int32'), ref: ([x]) => R.cast(x!, 'int32') },
    { name: 'float → bool is "non-zero"', inputs: [{ shape: [6], values: [0, 0.5, -1, 256, NaN, -0.25] }], run: ([x]) => x!.cast('bool'), ref: ([x]) => R.cast(x!, 'bool') },
    { name: 'int32 → float', inputs: [{ shape: [5], kind: 'int32', low: -100, high: 100 }], run: ([x]) => x!.cast('float32'), ref: ([x]) => x! },
    { name: 'bool → float', inputs: [{ shape: [5], kind: 'bool' }], run: ([x]) => x!.cast('float32'), ref: ([x]) => x! },
  ],
  sum: [
    { name: 'sum over dim 1 of [3,4,5]', inputs: [{ shape: [3, 4, 5] }], run: ([x]) => x!.sum(1), ref: ([x]) => R.reduce('sum', x!, [1]), accumulates: true },
    { name: 'sum over dims 0,2 (keepDim)', inputs: [{ shape: [3, 4, 5] }], run: ([x]) => x!.sum([0, 2], true), ref: ([x]) => R.reduce('sum', x!, [0, 2], true), accumulates: true },
    { name: 'sum of everything of a transposed view', inputs: [{ shape: [3, 4] }], run: ([x]) => x!.T.sum(), ref: ([x]) => R.reduce('sum', x!, [0, 1]), accumulates: true },
  ],
  prod: [
    { name: 'prod over dim 1', inputs: [{ shape: [3, 4], low: 0.5, high: 1.5 }], run: ([x]) => x!.prod(1), ref: ([x]) => R.reduce('prod', x!, [1]), accumulates: true },
    { name: 'prod with zeros', inputs: [{ shape: [2, 3], values: mixed }], run: ([x]) => x!.prod(1, true), ref: ([x]) => R.reduce('prod', x!, [1], true) },
  ],
  max: [
    { name: 'max over dim 2', inputs: [{ shape: [3, 4, 5] }], run: ([x]) => x!.max(2), ref: ([x]) => R.reduce('max', x!, [2]) },
    { name: 'max of everything, with ties', inputs: [{ shape: [3, 4], integers: true, low: -2, high: 2 }], run: ([x]) => x!.max(), ref: ([x]) => R.reduce('max', x!, [0, 1]), noGrad: true },
  ],
  min: [
    { name: 'min over dims 0,1 (keepDim)', inputs: [{ shape: [3, 4, 2] }], run: ([x]) => x!.min([0, 1], true), ref: ([x]) => R.reduce('min', x!, [0, 1], true) },
    { name: 'min of a transposed view', inputs: [{ shape: [4, 3] }], run: ([x]) => x!.T.min(1), ref: ([x]) => R.reduce('min', R.permute(x!, [1, 0]), [1]) },
  ],
  any: [{ name: 'any over dim 1', inputs: [{ shape: [4, 3], kind: 'bool', low: 0, high: 1 }], run: ([x]) => x!.any(1), ref: ([x]) => R.reduce('any', x!, [1]) }],
  all: [{ name: 'all over dim 0 (keepDim)', inputs: [{ shape: [2, 5], kind: 'bool' }], run: ([x]) => x!.all(0, true), ref: ([x]) => R.reduce('all', x!, [0], true) }],
  argmax: [
    { name: 'argmax over dim 1, first of ties', inputs: [{ shape: [4, 5], integers: true, low: -2, high: 2 }], run: ([x]) => x!.argmax(1), ref: ([x]) => R.argReduce('argmax', x!, 1) },
    { name: 'argmax of the flattened tensor', inputs: [{ shape: [3, 4] }], run: ([x]) => x!.argmax(), ref: ([x]) => R.argReduce('argmax', R.reshape(x!, [12]), 0) },
  ],
  argmin: [{ name: 'argmin over dim 0 (keepDim)', inputs: [{ shape: [4, 5], integers: true, low: -2, high: 2 }], run: ([x]) => x!.argmin(0, true), ref: ([x]) => R.argReduce('argmin', x!, 0, true) }],
  matmul: [
    { name: 'batched [2,3,4] × [2,4,5]', inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 5] }], run: ([a, b]) => a!.matmul(b!), ref: ([a, b]) => R.matmul(a!, b!), accumulates: true },
    { name: 'transposed operands', inputs: [{ shape: [4, 3] }, { shape: [5, 4] }], run: ([a, b]) => a!.mT().matmul(b!.mT()), ref: ([a, b]) => R.matmul(R.permute(a!, [1, 0]), R.permute(b!, [1, 0])), accumulates: true },
    { name: 'broadcast batch [2,1,3,4] × [3,4,2]', inputs: [{ shape: [2, 1, 3, 4] }, { shape: [3, 4, 2] }], run: ([a, b]) => a!.matmul(b!), ref: ([a, b]) => R.matmul(a!, b!), accumulates: true },
    { name: 'vector × matrix', inputs: [{ shape: [3] }, { shape: [3, 4] }], run: ([a, b]) => a!.matmul(b!), ref: ([a, b]) => R.matmul(a!, b!), accumulates: true },
  ],
  reshape: [
    { name: 'reshape contiguous [2,3,4] → [4,6]', inputs: [{ shape: [2, 3, 4] }], run: ([x]) => x!.reshape([4, 6]), ref: ([x]) => R.reshape(x!, [4, 6]) },
    { name: 'reshape of a transposed view (copies)', inputs: [{ shape: [3, 4] }], run: ([x]) => x!.T.reshape([2, 6]), ref: ([x]) => R.reshape(R.permute(x!, [1, 0]), [2, 6]) },
  ],
  permute: [{ name: 'permute [2,3,4] by (2,0,1)', inputs: [{ shape: [2, 3, 4] }], run: ([x]) => x!.permute([2, 0, 1]), ref: ([x]) => R.permute(x!, [2, 0, 1]) }],
  expand: [{ name: 'expand [3,1] → [2,3,4]', inputs: [{ shape: [3, 1] }], run: ([x]) => x!.expand([2, 3, 4]), ref: ([x]) => R.expand(x!, [2, 3, 4]) }],
  slice: [
    { name: 'strided slice', inputs: [{ shape: [5, 6] }], run: ([x]) => x!.slice([{ start: 1, step: 2 }, { step: 3 }]), ref: ([x]) => R.slice(x!, [1, 0], [5, 6], [2, 3]) },
    { name: 'negative bounds', inputs: [{ shape: [4, 5] }], run: ([x]) => x!.slice([{ start: -3, end: -1 }, { start: 1 }]), ref: ([x]) => R.slice(x!, [1, 1], [3, 5], [1, 1]) },
  ],
  flip: [{ name: 'flip both dims', inputs: [{ shape: [3, 4] }], run: ([x]) => x!.flip([0, 1]), ref: ([x]) => R.flip(x!, [0, 1]) }],
  place: [{
    name: 'place (the gradient of a strided slice)', inputs: [{ shape: [2, 2] }],
    run: ([g]) => vjpAt(g!, [5, 6], (x0) => x0.slice([{ start: 1, step: 2 }, { step: 3 }])),
    ref: ([g]) => R.place(g!, [5, 6], [1, 0], [2, 3]),
  }],
  pad: [{
    name: 'constant pad with a value', inputs: [{ shape: [2, 3] }],
    run: ([x]) => pad(x!, [1, 2, 2, 0], 'constant', 0.5), ref: ([x]) => R.pad(x!, [2, 1], [0, 2], 0.5),
  }],
  concat: [{
    name: 'concat three along dim 1', inputs: [{ shape: [2, 1] }, { shape: [2, 3] }, { shape: [2, 2] }],
    run: (xs) => concat(xs, 1), ref: (xs) => R.concat(xs, 1),
  }],
  gather: [{
    name: 'gather along dim 1 with repeats', inputs: [{ shape: [3, 4] }, { shape: [3, 5], kind: 'int32', low: 0, high: 3 }],
    run: ([x, i]) => x!.gather(1, i!), ref: ([x, i]) => R.gather(x!, 1, i!),
  }, ...rowGatherCases],
  scatterAdd: [{
    name: 'scatterAdd along dim 0 with collisions', inputs: [{ shape: [3, 4] }, { shape: [5, 4], kind: 'int32', low: 0, high: 2 }, { shape: [5, 4] }],
    run: ([b, i, s]) => b!.scatterAdd(0, i!, s!), ref: ([b, i, s]) => R.scatterAdd(b!, 0, i!, s!), accumulates: true,
  }, ...rowScatterAddCases],
  conv2d: [
    {
      name: 'conv2d, groups 2, stride (2,1), dilation (1,2)', inputs: [{ shape: xShape }, { shape: wShape }],
      run: ([x, w]) => conv2d(x!, w!, null, convParams), ref: ([x, w]) => RC.conv2d(x!, w!, convParams), accumulates: true,
    },
    {
      name: 'conv2d, plain 3×3', inputs: [{ shape: [1, 3, 5, 5] }, { shape: [2, 3, 3, 3] }],
      run: ([x, w]) => conv2d(x!, w!), ref: ([x, w]) => RC.conv2d(x!, w!, { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 }), accumulates: true,
    },
  ],
  conv2dBackwardInput: [{
    name: 'convTranspose2d (conv2d backward input)', inputs: [{ shape: yShape }, { shape: wShape }],
    run: ([dy, w]) => convTranspose2d(dy!, w!, null, { ...convParams, outputPadding: [1, 0] }),
    ref: ([dy, w]) => RC.conv2dBackwardInput(dy!, w!, convParams, xShape), accumulates: true,
  }],
  conv2dBackwardWeight: [{
    name: 'conv2d backward weight', inputs: [{ shape: xShape }, { shape: yShape }],
    run: ([x, dy]) => vjpAt(dy!, wShape, (w0) => conv2d(x!, w0, null, convParams)),
    ref: ([x, dy]) => RC.conv2dBackwardWeight(x!, dy!, convParams, wShape), accumulates: true,
  }],
  maxPool2d: [
    { name: 'maxPool2d 3×3 / 2, padding 1', inputs: [{ shape: [2, 2, 5, 5] }], run: ([x]) => maxPool2d(x!, poolOpts(maxPoolA)), ref: ([x]) => RC.maxPool2d(x!, maxPoolA).out },
    { name: 'maxPool2d indices', inputs: [{ shape: [1, 2, 5, 5] }], run: ([x]) => maxPool2d(x!, { ...poolOpts(maxPoolA), returnIndices: true })[1], ref: ([x]) => RC.maxPool2d(x!, maxPoolA).indices },
    { name: 'maxPool2d dilated, ceil mode', inputs: [{ shape: [1, 1, 6, 7] }], run: ([x]) => maxPool2d(x!, poolOpts(maxPoolB)), ref: ([x]) => RC.maxPool2d(x!, maxPoolB).out },
  ],
  avgPool2d: [
    { name: 'avgPool2d ceil mode, padding not counted', inputs: [{ shape: [1, 2, 6, 5] }], run: ([x]) => avgPool2d(x!, poolOpts(avgPoolA)), ref: ([x]) => RC.avgPool2d(x!, avgPoolA) },
    { name: 'avgPool2d padding counted', inputs: [{ shape: [2, 1, 5, 5] }], run: ([x]) => avgPool2d(x!, poolOpts(avgPoolB)), ref: ([x]) => RC.avgPool2d(x!, avgPoolB) },
    { name: 'avgPool2d divisorOverride', inputs: [{ shape: [1, 1, 4, 4] }], run: ([x]) => avgPool2d(x!, poolOpts({ ...avgPoolB, divisorOverride: 5 })), ref: ([x]) => RC.avgPool2d(x!, { ...avgPoolB, divisorOverride: 5 }) },
  ],
  avgPool2dBackward: [{
    name: 'avgPool2d backward (ceil mode, padding not counted)', inputs: [{ shape: poolOutShape([1, 2, 6, 5], avgPoolA) }],
    run: ([dy]) => vjpAt(dy!, [1, 2, 6, 5], (x0) => avgPool2d(x0, poolOpts(avgPoolA))),
    ref: ([dy]) => RC.avgPool2dBackward(dy!, avgPoolA, [1, 2, 6, 5]),
  }],
  spmm: [
    {
      name: 'spmm of x [5,2,3] by 7 entries with per-head weights, repeats, into 4 rows',
      inputs: [{ shape: [5, 2, 3] }, { shape: [7, 2] }, { shape: [7], kind: 'int32', low: 0, high: 3 }, { shape: [7], kind: 'int32', low: 0, high: 4 }],
      run: ([x, w, r, c]) => spmm(r!, c!, w!, x!, 4), ref: ([x, w, r, c]) => refSpmm(x!, w!, r!, c!, 4), accumulates: true,
    },
    {
      name: 'spmm of a transposed x [5,6]ᵀ by 9 scalar weights into 3 rows',
      inputs: [{ shape: [5, 6] }, { shape: [9] }, { shape: [9], kind: 'int32', low: 0, high: 2 }, { shape: [9], kind: 'int32', low: 0, high: 5 }],
      run: ([x, w, r, c]) => spmm(r!, c!, w!, x!.T, 3), ref: ([x, w, r, c]) => refSpmm(R.permute(x!, [1, 0]), w!, r!, c!, 3), accumulates: true,
    },
    {
      name: 'spmm with no entries',
      inputs: [{ shape: [4, 3] }, { shape: [0] }, { shape: [0], kind: 'int32', low: 0, high: 1 }, { shape: [0], kind: 'int32', low: 0, high: 3 }],
      run: ([x, w, r, c]) => spmm(r!, c!, w!, x!, 2), ref: () => R.ref(new Float64Array(6), [2, 3]),
    },
  ],
  sddmm: [
    {
      name: 'sddmm of a [4,2,3] and b [5,2,3] over 7 entries, repeats',
      inputs: [{ shape: [4, 2, 3] }, { shape: [5, 2, 3] }, { shape: [7], kind: 'int32', low: 0, high: 3 }, { shape: [7], kind: 'int32', low: 0, high: 4 }],
      run: ([a, b, r, c]) => sddmm(r!, c!, a!, b!), ref: ([a, b, r, c]) => refSddmm(a!, b!, r!, c!), accumulates: true,
    },
  ],
  segmentSoftmax: [
    {
      name: 'segmentSoftmax of [7,3] rows in segments {0,4,6}, {1,2}, {5}, {3} and an empty one',
      inputs: [{ shape: [7, 3] }, { shape: [7], kind: 'int32', values: [0, 1, 1, 3, 0, 2, 0] }, { shape: [15], kind: 'int32', values: [0, 4, 6, 1, 2, 7, 5, 7, 7, 3, 7, 7, 7, 7, 7] }],
      run: ([s, i, slots]) => segmentSoftmax(s!, i!, 5, slots!), ref: ([s, i]) => refSegmentSoftmax(s!, i!, 5), accumulates: true,
    },
    {
      name: 'segmentSoftmax of [5] scalars in one segment',
      inputs: [{ shape: [5] }, { shape: [5], kind: 'int32', values: [0, 0, 0, 0, 0] }, { shape: [5], kind: 'int32', values: [0, 1, 2, 3, 4] }],
      run: ([s, i, slots]) => segmentSoftmax(s!, i!, 1, slots!), ref: ([s, i]) => refSegmentSoftmax(s!, i!, 1), accumulates: true,
    },
  ],
  edgeLogits: [
    {
      name: 'edgeLogits of src [5,2] and dst [4,2] over 9 entries, repeats',
      inputs: [{ shape: [5, 2], away: 0.3 }, { shape: [4, 2], away: 0.3 }, { shape: [9], kind: 'int32', low: 0, high: 3 }, { shape: [9], kind: 'int32', low: 0, high: 4 }],
      run: ([s, d, r, c]) => edgeLogits(r!, c!, s!, d!, 0.2), ref: ([s, d, r, c]) => refEdgeLogits(s!, d!, r!, c!, 0.2), accumulates: true,
    },
  ],
  lstmCell: [
    {
      name: 'lstmCell of gates [3,8] and c [3,2]', inputs: [{ shape: [3, 8] }, { shape: [3, 2] }],
      run: ([g, c]) => { const s = lstmCell(g!, c!); return concat([s.h, s.c], 1); }, ref: ([g, c]) => R.lstmCell(g!, c!),
    },
    {
      name: 'lstmCell of transposed gates [8,2]ᵀ', inputs: [{ shape: [8, 2] }, { shape: [2, 2] }],
      run: ([g, c]) => { const s = lstmCell(g!.T, c!); return concat([s.h, s.c], 1); }, ref: ([g, c]) => R.lstmCell(R.permute(g!, [1, 0]), c!),
    },
    {
      name: 'lstmCell of gates and a separate hidden part gh [2,16], c [2,4]', inputs: [{ shape: [2, 16] }, { shape: [2, 4] }, { shape: [2, 16] }],
      run: ([g, c, gh]) => { const s = lstmCell(g!, c!, gh!); return concat([s.h, s.c], 1); }, ref: ([g, c, gh]) => R.lstmCell(g!, c!, gh!),
    },
  ],
  gruCell: [
    {
      name: 'gruCell of gi, gh [3,6] and h [3,2]', inputs: [{ shape: [3, 6] }, { shape: [3, 6] }, { shape: [3, 2] }],
      run: ([gi, gh, h]) => gruCell(gi!, gh!, h!), ref: ([gi, gh, h]) => R.gruCell(gi!, gh!, h!),
    },
  ],
  rnnSequence: [
    {
      name: 'lstmSequence of gi [4,2,8], h0 and c0 [2,2]', inputs: [{ shape: [4, 2, 8] }, { shape: [2, 2] }, { shape: [2, 2] }, { shape: [8, 2], low: -1, high: 1 }],
      run: ([gi, h, c, w]) => { const r = lstmSequence(gi!, h!, c!, w!); return concat([r.output.reshape([-1]), r.h.reshape([-1]), r.c.reshape([-1])]); },
      ref: (xs) => rnnSequenceRef('lstm', xs, false, null),
    },
    {
      name: 'lstmSequence reversed, lengths [2,4], projection 4 → 1', inputs: [{ shape: [4, 2, 16] }, { shape: [2, 1] }, { shape: [2, 4] }, { shape: [16, 1], low: -1, high: 1 }, { shape: [1, 4] }],
      run: ([gi, h, c, w, p]) => { const r = lstmSequence(gi!, h!, c!, w!, { weightHr: p!, reverse: true, lengths: [2, 4] }); return concat([r.output.reshape([-1]), r.h.reshape([-1]), r.c.reshape([-1])]); },
      ref: (xs) => rnnSequenceRef('lstm', xs, true, [2, 4]),
    },
    {
      name: 'gruSequence with b_hh and lengths [3,1,2]', inputs: [{ shape: [3, 3, 6] }, { shape: [3, 2] }, { shape: [6, 2], low: -1, high: 1 }, { shape: [6] }],
      run: ([gi, h, w, b]) => { const r = gruSequence(gi!, h!, w!, { biasHh: b!, lengths: [3, 1, 2] }); return concat([r.output.reshape([-1]), r.h.reshape([-1])]); },
      ref: (xs) => rnnSequenceRef('gru', xs, false, [3, 1, 2]),
    },
  ],
  softmax: [
    { name: 'softmax over dim 1 of [3,5]', inputs: [{ shape: [3, 5] }], run: ([x]) => x!.softmax(1), ref: ([x]) => R.softmax(x!, 1) },
    { name: 'log-softmax over dim 0 of [4,3]', inputs: [{ shape: [4, 3] }], run: ([x]) => x!.logSoftmax(0), ref: ([x]) => R.softmax(x!, 0, true) },
    {
      name: 'softmax over the middle dim of a permuted view [2,3,4] → [4,2,3]', inputs: [{ shape: [2, 3, 4] }],
      run: ([x]) => x!.permute([2, 0, 1]).softmax(2), ref: ([x]) => R.softmax(R.permute(x!, [2, 0, 1]), 2),
    },
    {
      name: 'log-softmax of logits ±60 (no overflow)', inputs: [{ shape: [2, 3], values: [60, -60, 0, 59, 60, -60] }],
      run: ([x]) => x!.logSoftmax(1), ref: ([x]) => R.softmax(x!, 1, true),
    },
  ],
  reluBackward: [
    {
      name: 'relu gradient: NaN inputs pass it on, ±0 and −∞ stop it', inputs: [{ shape: [8] }, { shape: [8], values: [NaN, -0, 0, Infinity, -Infinity, 1.5, -2, NaN] }],
      run: ([dy, x]) => reluGradient(dy!, x!), ref: ([dy, x]) => R.map((g, v) => g * (v <= 0 ? 0 : 1), dy!, x!), noGrad: true,
    },
    {
      name: 'relu gradient through a transposed view [4,3]ᵀ', inputs: [{ shape: [3, 4] }, { shape: [4, 3] }],
      run: ([dy, x]) => reluGradient(dy!, x!.T), ref: ([dy, x]) => R.map((g, v) => g * (v <= 0 ? 0 : 1), dy!, R.permute(x!, [1, 0])), noGrad: true,
    },
  ],
  softmaxCrossEntropy: [
    {
      name: 'cross-entropy per row of logits [6,5] (one target ignored)', inputs: [{ shape: [6, 5] }, { shape: [6], kind: 'int32', low: 0, high: 5 }],
      run: ([x, t]) => crossEntropy(x!, t!, { reduction: 'none', ignoreIndex: 5 }), ref: ([x, t]) => crossEntropyRef(x!, t!, 5),
    },
    {
      name: 'cross-entropy of transposed logits [4,3]ᵀ, logits ±60', inputs: [{ shape: [4, 3], values: [60, -60, 0, 1, 59, 60, -60, 2, 0, 0, 0, 0] }, { shape: [3], kind: 'int32', low: 0, high: 2 }],
      run: ([x, t]) => crossEntropy(x!.T, t!, { reduction: 'none' }), ref: ([x, t]) => crossEntropyRef(R.permute(x!, [1, 0]), t!, -100),
    },
  ],
  biasActivation: [
    {
      name: 'biasActivation relu over the channels of [2,3,4,5] (the kink not differentiated)',
      inputs: [{ shape: [2, 3, 4, 5] }, { shape: [3] }],
      run: ([x, b]) => biasActivation(x!, b!, { activation: 'relu' }), ref: ([x, b]) => biasActivationRef(x!, b!, 1, (v) => (v < 0 ? 0 : v)), noGrad: true,
    },
    {
      // |x| ≥ 0.5 and |bias| ≤ 0.25: x + bias stays away from relu's kink, so the gradient is checked too
      name: 'biasActivation relu along the last axis of [3,4], differentiated',
      inputs: [{ shape: [3, 4], away: 0.5 }, { shape: [4], low: -0.25, high: 0.25 }],
      run: ([x, b]) => biasActivation(x!, b!, { axis: -1, activation: 'relu' }), ref: ([x, b]) => biasActivationRef(x!, b!, 1, (v) => (v < 0 ? 0 : v)),
    },
    {
      name: 'biasActivation sigmoid along axis 0 of a transposed view [5,3]ᵀ',
      inputs: [{ shape: [5, 3] }, { shape: [3] }],
      run: ([x, b]) => biasActivation(x!.T, b!, { axis: 0, activation: 'sigmoid' }),
      ref: ([x, b]) => biasActivationRef(R.permute(x!, [1, 0]), b!, 0, (v) => 1 / (1 + Math.exp(-v))),
    },
    {
      name: 'biasActivation tanh and identity over the channels of [2,7,3]',
      inputs: [{ shape: [2, 7, 3] }, { shape: [7] }],
      run: ([x, b]) => biasActivation(biasActivation(x!, b!, { activation: 'tanh' }), b!),
      ref: ([x, b]) => biasActivationRef(biasActivationRef(x!, b!, 1, Math.tanh), b!, 1, (v) => v),
    },
  ],
  batchNorm: [
    {
      name: 'batchNorm of [4,3,5,6] (y, mean, variance)', inputs: [{ shape: [4, 3, 5, 6] }, { shape: [3] }, { shape: [3] }],
      run: ([x, w, b]) => batchNormAll(batchNormTrain(x!, w!, b!)), ref: ([x, w, b]) => batchNormAllRef(batchNormRef(x!, w!, b!, 1e-5)), noGrad: true,
    },
    {
      name: 'batchNorm of a transposed [5,3]ᵀ with eps 0.1, differentiated', inputs: [{ shape: [5, 3] }, { shape: [5] }, { shape: [5] }],
      run: ([x, w, b]) => batchNormTrain(x!.T, w!, b!, 0.1).y, ref: ([x, w, b]) => batchNormRef(R.permute(x!, [1, 0]), w!, b!, 0.1)[0]!,
    },
    {
      name: 'batchNorm of a channel with one value repeated (variance 0)', inputs: [{ shape: [2, 2, 3], values: [1, 2, 3, 7, 7, 7, 4, 5, 6, 7, 7, 7] }, { shape: [2] }, { shape: [2] }],
      run: ([x, w, b]) => batchNormAll(batchNormTrain(x!, w!, b!)), ref: ([x, w, b]) => batchNormAllRef(batchNormRef(x!, w!, b!, 1e-5)), noGrad: true,
    },
  ],
};
