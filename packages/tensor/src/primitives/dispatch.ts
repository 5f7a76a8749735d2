import type { View } from '../backend/contract';
import type { DType } from '../dtype';
import { ShapeError, fmtShape } from '../errors';
import { broadcastShapes, contiguousStrides } from '../shape';
import { Tensor } from '../tensor';
import { newStorage } from '../tensor-core';
import { BINARY_OPS, UNARY_OPS, elementwiseEntry, type BinaryOp, type UnaryOp } from './elementwise';
import type { Primitive, PrimitiveParams, ReduceParams } from './params';
import { composite } from './fallbacks';
import { rnnCellComposite } from './rnn-cells';
import { rnnSequenceForward } from './rnn-sequence';
import { crossEntropyComposite } from './cross-entropy';
import { reluBackwardComposite } from './relu-backward';
import { biasActivationComposite, biasShape } from './bias-activation';
import { batchNormComposite } from './batch-norm';
import { segmentSoftmaxComposite } from './segment-softmax';
import { edgeLogitsComposite } from './edge-logits';

/**
 * The dispatch table: how each primitive computes its value on the tensors' device — a backend call,
 * view arithmetic for movement ops, or, where a backend lacks an optional kernel, its composite
 * fallback (fallbacks.ts). Typed `{ [P in Primitive]: … }`, so a new primitive cannot go undispatched.
 */

type Forward<P extends Primitive> = (inputs: readonly Tensor[], params: PrimitiveParams[P]) => Tensor | Tensor[];

/** A new tensor around a fresh contiguous backend buffer. */
export function fromBuffer(like: Tensor, buffer: unknown, dtype: DType, shape: readonly number[]): Tensor {
  const storage = newStorage(like.device, buffer, dtype, shape);
  return new Tensor(storage, shape, contiguousStrides(shape), 0);
}

/** A new handle sharing x's storage with another shape/strides/offset. */
export function viewOf(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  x.assertAlive('view');
  return new Tensor(x.storage, shape, strides, offset);
}

/** x's view with stride 0 on broadcast dims, aligned to `shape`. */
export function broadcastView(x: Tensor, shape: readonly number[], op: string): View {
  const v = x.viewFor(op);
  const lead = shape.length - x.rank;
  const strides = shape.map((d, i) => {
    const j = i - lead;
    if (j < 0) return 0;
    const sd = x.shape[j]!;
    if (sd === d) return x.strides[j]!;
    if (sd === 1) return 0;
    throw new ShapeError(`${op}: cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  });
  return { ...v, shape, strides };
}

function unary(op: UnaryOp): Forward<UnaryOp> {
  return ([x]) => {
    const dtype: DType = elementwiseEntry(op)!.test ? 'bool' : x!.dtype;
    return fromBuffer(x!, x!.device.backend.unary(op, x!.viewFor(op), dtype), dtype, x!.shape);
  };
}

function binary(op: BinaryOp): Forward<BinaryOp> {
  return ([a, b]) => {
    const shape = broadcastShapes(op, a!.shape, b!.shape);
    const dtype: DType = elementwiseEntry(op)!.test ? 'bool' : a!.dtype;
    const buf = a!.device.backend.binary(op, broadcastView(a!, shape, op), broadcastView(b!, shape, op), shape, dtype);
    return fromBuffer(a!, buf, dtype, shape);
  };
}

/** Reduces `axes` by moving them last (a free view) so the backend reduces trailing blocks. */
function reduce<P extends 'sum' | 'prod' | 'max' | 'min' | 'any' | 'all'>(op: P): Forward<P> {
  return ([x], { axes, keepDim }: ReduceParams) => {
    const kept = x!.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...kept, ...axes];
    const v = x!.viewFor(op);
    const moved: View = { ...v, shape: perm.map((p) => x!.shape[p]!), strides: perm.map((p) => x!.strides[p]!) };
    const dtype: DType = op === 'any' || op === 'all' ? 'bool' : op === 'sum' || op === 'prod' ? sumDType(x!.dtype) : x!.dtype;
    const trailing = axes.map((_, i) => kept.length + i);
    const buf = x!.device.backend.reduce(op, moved, trailing, dtype);
    return fromBuffer(x!, buf, dtype, reducedShape(x!.shape, axes, keepDim));
  };
}

const sumDType = (d: DType): DType => (d === 'bool' ? 'int32' : d);

export function reducedShape(shape: readonly number[], axes: readonly number[], keepDim: boolean): number[] {
  return keepDim ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

function argReduce<P extends 'argmax' | 'argmin'>(op: P): Forward<P> {
  return ([x], { axis, keepDim }: PrimitiveParams['argmax']) => {
    const rank = x!.rank;
    const perm = [...x!.shape.keys()].filter((i) => i !== axis).concat([axis]);
    const v = x!.viewFor(op);
    const moved: View = { ...v, shape: perm.map((p) => x!.shape[p]!), strides: perm.map((p) => x!.strides[p]!) };
    const buf = x!.device.backend.argReduce(op, moved, rank - 1);
    return fromBuffer(x!, buf, 'int32', reducedShape(x!.shape, [axis], keepDim));
  };
}

const unaryForwards = Object.fromEntries(
  (Object.keys(UNARY_OPS) as UnaryOp[]).map((op) => [op, unary(op)]),
) as { [P in UnaryOp]: Forward<P> };

const binaryForwards = Object.fromEntries(
  (Object.keys(BINARY_OPS) as BinaryOp[]).map((op) => [op, binary(op)]),
) as { [P in BinaryOp]: Forward<P> };

export const forwards: { [P in Primitive]: Forward<P> } = {
  ...unaryForwards,
  ...binaryForwards,
  where([c, a, b]) {
    const shape = broadcastShapes('where', c!.shape, a!.shape, b!.shape);
    const buf = a!.device.backend.where(
      broadcastView(c!, shape, 'where'), broadcastView(a!, shape, 'where'), broadcastView(b!, shape, 'where'), shape, a!.dtype);
    return fromBuffer(a!, buf, a!.dtype, shape);
  },
  cast([x], { dtype }) {
    return fromBuffer(x!, x!.device.backend.copy(x!.viewFor('cast'), dtype), dtype, x!.shape);
  },
  sum: reduce('sum'),
  prod: reduce('prod'),
  max: reduce('max'),
  min: reduce('min'),
  any: reduce('any'),
  all: reduce('all'),
  argmax: argReduce('argmax'),
  argmin: argReduce('argmin'),
  matmul([a, b]) {
    // inputs arrive as [...batch, M, K] and [...batch, K, N] with equal batch dims (ops/matmul.ts expands)
    const r = a!.rank;
    const shape = [...a!.shape.slice(0, r - 1), b!.shape[r - 1]!];
    return fromBuffer(a!, a!.device.backend.matmul(a!.viewFor('matmul'), b!.viewFor('matmul'), a!.dtype), a!.dtype, shape);
  },
  reshape([x], { shape }) {
    if (x!.isContiguous()) return viewOf(x!, shape, contiguousStrides(shape), x!.offset);
    // one value broadcast everywhere (the gradient of a sum): any shape is a view of it
    if (x!.strides.every((s) => s === 0)) return viewOf(x!, shape, shape.map(() => 0), x!.offset);
    const buf = x!.device.backend.copy(x!.viewFor('reshape'), x!.dtype);
    return fromBuffer(x!, buf, x!.dtype, shape);
  },
  permute([x], { perm }) {
    return viewOf(x!, perm.map((p) => x!.shape[p]!), perm.map((p) => x!.strides[p]!), x!.offset);
  },
  expand([x], { shape }) {
    const v = broadcastView(x!, shape, 'expand');
    return viewOf(x!, shape, v.strides, x!.offset);
  },
  slice([x], { begin, end, step }) {
    let offset = x!.offset;
    const shape = begin.map((b, d) => {
      offset += b * x!.strides[d]!;
      return Math.max(0, Math.ceil((end[d]! - b) / step[d]!));
    });
    return viewOf(x!, shape, x!.strides.map((s, d) => s * step[d]!), offset);
  },
  flip([x], { dims }) {
    let offset = x!.offset;
    const strides = x!.strides.map((s, d) => {
      if (!dims.includes(d)) return s;
      offset += (x!.shape[d]! - 1) * s;
      return -s;
    });
    return viewOf(x!, x!.shape, strides, offset);
  },
  place([x], { shape, begin, step }) {
    const buf = x!.device.backend.assemble(shape, x!.dtype, 0, [{ src: x!.viewFor('place'), begin, step }]);
    return fromBuffer(x!, buf, x!.dtype, shape);
  },
  pad([x], { before, after, value }) {
    const shape = x!.shape.map((d, i) => d + before[i]! + after[i]!);
    const step = shape.map(() => 1);
    const buf = x!.device.backend.assemble(shape, x!.dtype, value, [{ src: x!.viewFor('pad'), begin: before, step }]);
    return fromBuffer(x!, buf, x!.dtype, shape);
  },
  concat(xs, { axis }) {
    const first = xs[0]!;
    const shape = [...first.shape];
    shape[axis] = xs.reduce((s, t) => s + t.shape[axis]!, 0);
    let at = 0;
    const parts = xs.map((t) => {
      const begin = shape.map((_, d) => (d === axis ? at : 0));
      at += t.shape[axis]!;
      return { src: t.viewFor('concat'), begin, step: shape.map(() => 1) };
    });
    return fromBuffer(first, first.device.backend.assemble(shape, first.dtype, 0, parts), first.dtype, shape);
  },
  gather([x, index], { dim }) {
    const buf = x!.device.backend.gather(x!.viewFor('gather'), dim, index!.viewFor('gather'));
    return fromBuffer(x!, buf, x!.dtype, index!.shape);
  },
  scatterAdd([base, index, src], { dim }) {
    const buf = base!.device.backend.scatterAdd(base!.shape, dim, index!.viewFor('scatterAdd'), src!.viewFor('scatterAdd'), base!.viewFor('scatterAdd'));
    return fromBuffer(base!, buf, base!.dtype, base!.shape);
  },
  conv2d([x, w], spec) {
    const outShape = convOutShape(x!.shape, w!.shape, spec);
    const be = x!.device.backend;
    if (!be.conv2d) return composite.conv2d(x!, w!, spec);
    return fromBuffer(x!, be.conv2d(x!.viewFor('conv2d'), w!.viewFor('conv2d'), spec, outShape), x!.dtype, outShape);
  },
  conv2dBackwardInput([dy, w], p) {
    const be = dy!.device.backend;
    if (!be.conv2dBackwardInput) return composite.conv2dBackwardInput(dy!, w!, p);
    return fromBuffer(dy!, be.conv2dBackwardInput(dy!.viewFor('conv2d'), w!.viewFor('conv2d'), p, p.xShape), dy!.dtype, p.xShape);
  },
  conv2dBackwardWeight([x, dy], p) {
    const be = x!.device.backend;
    if (!be.conv2dBackwardWeight) return composite.conv2dBackwardWeight(x!, dy!, p);
    return fromBuffer(x!, be.conv2dBackwardWeight(x!.viewFor('conv2d'), dy!.viewFor('conv2d'), p, p.wShape), x!.dtype, p.wShape);
  },
  maxPool2d([x], spec) {
    const be = x!.device.backend;
    if (!be.maxPool2d) return composite.maxPool2d(x!, spec);
    const { out, indices } = be.maxPool2d(x!.viewFor('maxPool2d'), spec);
    const shape = [x!.shape[0]!, x!.shape[1]!, ...spec.outShape];
    return [fromBuffer(x!, out, x!.dtype, shape), fromBuffer(x!, indices, 'int32', shape)];
  },
  avgPool2d([x], spec) {
    const be = x!.device.backend;
    if (!be.avgPool2d) return composite.avgPool2d(x!, spec);
    const shape = [x!.shape[0]!, x!.shape[1]!, ...spec.outShape];
    return fromBuffer(x!, be.avgPool2d(x!.viewFor('avgPool2d'), spec), x!.dtype, shape);
  },
  avgPool2dBackward([dy], p) {
    const be = dy!.device.backend;
    if (!be.avgPool2dBackward) return composite.avgPool2dBackward(dy!, p);
    return fromBuffer(dy!, be.avgPool2dBackward(dy!.viewFor('avgPool2d'), p, p.xShape), dy!.dtype, p.xShape);
  },
  spmm([x, w, row, col], { rows }) {
    const be = x!.device.backend;
    if (!be.spmm) return composite.spmm(x!, w!, row!, col!, rows);
    const buf = be.spmm(x!.viewFor('spmm'), w!.viewFor('spmm'), row!.viewFor('spmm'), col!.viewFor('spmm'), rows);
    return fromBuffer(x!, buf, x!.dtype, [rows, x!.shape[1]!, x!.shape[2]!]);
  },
  sddmm([a, b, row, col]) {
    const be = a!.device.backend;
    if (!be.sddmm) return composite.sddmm(a!, b!, row!, col!);
    const buf = be.sddmm(a!.viewFor('sddmm'), b!.viewFor('sddmm'), row!.viewFor('sddmm'), col!.viewFor('sddmm'));
    return fromBuffer(a!, buf, a!.dtype, [row!.shape[0]!, a!.shape[1]!]);
  },
  segmentSoftmax([src, ids, slots], { count }) {
    const be = src!.device.backend;
    if (!be.segmentSoftmax) return segmentSoftmaxComposite(src!, ids!, slots!, count);
    return fromBuffer(src!, be.segmentSoftmax(src!.viewFor('segmentSoftmax'), ids!.viewFor('segmentSoftmax'), count), src!.dtype, src!.shape);
  },
  edgeLogits([src, dst, row, col], { slope }) {
    const be = src!.device.backend;
    if (!be.edgeLogits) return edgeLogitsComposite(src!, dst!, row!, col!, slope);
    const buf = be.edgeLogits(src!.viewFor('edgeLogits'), dst!.viewFor('edgeLogits'), row!.viewFor('edgeLogits'), col!.viewFor('edgeLogits'), slope);
    return fromBuffer(src!, buf, src!.dtype, [row!.shape[0]!, ...src!.shape.slice(1)]);
  },
  lstmCell([gates, c, gh]) {
    const be = gates!.device.backend;
    if (!be.lstmCell) return rnnCellComposite.lstmCell(gates!, c!, gh);
    const out = be.lstmCell(gates!.viewFor('lstmCell'), c!.viewFor('lstmCell'), gh?.viewFor('lstmCell'));
    return fromBuffer(gates!, out, gates!.dtype, [gates!.shape[0]!, 2 * c!.shape[1]!]);
  },
  gruCell([gi, gh, h]) {
    const be = gi!.device.backend;
    if (!be.gruCell) return rnnCellComposite.gruCell(gi!, gh!, h!);
    return fromBuffer(gi!, be.gruCell(gi!.viewFor('gruCell'), gh!.viewFor('gruCell'), h!.viewFor('gruCell')), gi!.dtype, h!.shape);
  },
  // composed on every backend: the steps' kernels, without the tape
  rnnSequence: (inputs, p) => rnnSequenceForward(inputs, p),
  reluBackward([dy, x]) {
    const be = dy!.device.backend;
    if (!be.reluBackward) return reluBackwardComposite(dy!, x!);
    return fromBuffer(dy!, be.reluBackward(dy!.viewFor('relu'), x!.viewFor('relu')), dy!.dtype, dy!.shape);
  },
  biasActivation([x, bias], { axis, activation }) {
    const be = x!.device.backend;
    if (!be.biasActivation) return biasActivationComposite(x!, bias!, axis, activation);
    const b = broadcastView(bias!.reshape(biasShape(x!, axis)), x!.shape, 'biasActivation');
    return fromBuffer(x!, be.biasActivation(x!.viewFor('biasActivation'), b, activation), x!.dtype, x!.shape);
  },
  softmaxCrossEntropy([x, t], { ignoreIndex }) {
    const be = x!.device.backend;
    if (!be.softmaxCrossEntropy) return crossEntropyComposite(x!, t!, ignoreIndex);
    const { loss, grad } = be.softmaxCrossEntropy(x!.viewFor('crossEntropy'), t!.viewFor('crossEntropy'), ignoreIndex);
    return [fromBuffer(x!, loss, x!.dtype, [x!.shape[0]!]), fromBuffer(x!, grad, x!.dtype, x!.shape)];
  },
  batchNorm([x, w, b], { eps }) {
    const be = x!.device.backend;
    if (!be.batchNorm) return batchNormComposite(x!, w!, b!, eps);
    const { y, mean, variance } = be.batchNorm(x!.viewFor('batchNorm'), w!.viewFor('batchNorm'), b!.viewFor('batchNorm'), eps);
    return [fromBuffer(x!, y, x!.dtype, x!.shape), fromBuffer(x!, mean, x!.dtype, w!.shape), fromBuffer(x!, variance, x!.dtype, w!.shape)];
  },
  softmax([x], { dim, log }) {
    const be = x!.device.backend;
    if (!be.softmax) return composite.softmax(x!, dim, log);
    // the kernel works along the last axis of a [rows, cols] view: `dim` moves last (free), and the
    // other axes become one row axis, through a copy only when their strides do not merge
    const perm = [...x!.shape.keys()].filter((d) => d !== dim).concat([dim]);
    const v = x!.viewFor('softmax');
    const moved: View = { ...v, shape: perm.map((p) => x!.shape[p]!), strides: perm.map((p) => x!.strides[p]!) };
    const cols = x!.shape[dim]!, rows = x!.size / Math.max(cols, 1);
    const rowStride = mergedStride(moved.shape.slice(0, -1), moved.strides.slice(0, -1));
    const copied = rowStride === null ? be.copy(moved, x!.dtype) : null;
    const view: View = copied === null
      ? { ...v, shape: [rows, cols], strides: [rowStride!, x!.strides[dim]!] }
      : { buffer: copied, dtype: x!.dtype, shape: [rows, cols], strides: [cols, 1], offset: 0 };
    const buf = be.softmax(view, log);
    if (copied !== null) be.free(copied);
    // the result is contiguous in the moved order; its view puts `dim` back in place
    const movedStrides = contiguousStrides(moved.shape);
    const strides = new Array<number>(perm.length);
    perm.forEach((p, i) => (strides[p] = movedStrides[i]!));
    return new Tensor(newStorage(x!.device, buf, x!.dtype, moved.shape), x!.shape, strides, 0);
  },
};

export function convOutShape(
  xs: readonly number[], ws: readonly number[],
  s: { stride: readonly number[]; padding: readonly number[]; dilation: readonly number[] },
): number[] {
  const out = (i: 0 | 1) => Math.floor((xs[2 + i]! + 2 * s.padding[i]! - s.dilation[i]! * (ws[2 + i]! - 1) - 1) / s.stride[i]!) + 1;
  return [xs[0]!, ws[0]!, out(0), out(1)];
}

/** The one stride that walks dims of `shape` as a single flattened axis, or null when there is none. */
function mergedStride(shape: readonly number[], strides: readonly number[]): number | null {
  let stride: number | null = null, span = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (stride === null) stride = strides[d]!;
    else if (strides[d] !== stride * span) return null;
    span *= shape[d]!;
  }
  return stride ?? 1;
}
