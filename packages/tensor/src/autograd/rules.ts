import type { Tensor } from '../tensor';
import type { BinaryOp, UnaryOp } from '../backend/contract';
import type { Primitive, PrimitiveParams, ReduceParams } from './primitives';
import { apply } from './engine';
import { sameShape } from '../shape';
import { zerosOf } from '../ops/creation';

/**
 * The gradient table: one vector-Jacobian product per primitive, written with tensor ops so that
 * gradients are themselves differentiable. `saved` holds the inputs, `extras[0]` the output.
 */
export type VjpRule<P extends Primitive> = (
  g: Tensor,
  saved: readonly Tensor[],
  params: PrimitiveParams[P],
  extras: readonly Tensor[],
  needs: readonly boolean[],
) => (Tensor | null)[];

/** Sums a broadcast gradient back to the shape of the input that was broadcast. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  const summed = axes.length ? g.sum(axes, true) : g;
  return summed.reshape(shape);
}

const none = (_g: Tensor, saved: readonly Tensor[]): null[] => saved.map(() => null);

const unaryRules: { [P in UnaryOp]: VjpRule<P> } = {
  neg: (g) => [g.neg()],
  abs: (g, [x]) => [g.mul(x!.sign())],
  sign: (g) => [g.zerosLike()],
  exp: (g, _s, _p, [y]) => [g.mul(y!)],
  expm1: (g, _s, _p, [y]) => [g.mul(y!.add(1))],
  log: (g, [x]) => [g.div(x!)],
  log1p: (g, [x]) => [g.div(x!.add(1))],
  sqrt: (g, _s, _p, [y]) => [g.div(y!.mul(2))],
  rsqrt: (g, [x], _p, [y]) => [g.mul(y!).div(x!).mul(-0.5)],
  reciprocal: (g, _s, _p, [y]) => [g.mul(y!.square()).neg()],
  sin: (g, [x]) => [g.mul(x!.cos())],
  cos: (g, [x]) => [g.mul(x!.sin()).neg()],
  tanh: (g, _s, _p, [y]) => [g.mul(y!.square().rsub(1))],
  sigmoid: (g, _s, _p, [y]) => [g.mul(y!.mul(y!.rsub(1)))],
  // where(x > 0, g, 0): the subgradient at 0 is 0, as in PyTorch
  // PyTorch's threshold_backward: g where the output is not ≤ 0, so NaN inputs pass g on too
  relu: (g, [x]) => [g.mul(x!.le(0).logicalNot().cast(g.dtype))],
  erf: (g, [x]) => [g.mul(x!.square().neg().exp().mul(2 / Math.sqrt(Math.PI)))],
  floor: (g) => [g.zerosLike()],
  ceil: (g) => [g.zerosLike()],
  round: (g) => [g.zerosLike()],
  logicalNot: none,
  isnan: none,
  isfinite: none,
};

const binaryRules: { [P in BinaryOp]: VjpRule<P> } = {
  add: (g, [a, b], _p, _e, [na, nb]) => [na ? unbroadcast(g, a!.shape) : null, nb ? unbroadcast(g, b!.shape) : null],
  sub: (g, [a, b], _p, _e, [na, nb]) => [na ? unbroadcast(g, a!.shape) : null, nb ? unbroadcast(g.neg(), b!.shape) : null],
  mul: (g, [a, b], _p, _e, [na, nb]) => [
    na ? unbroadcast(g.mul(b!), a!.shape) : null,
    nb ? unbroadcast(g.mul(a!), b!.shape) : null,
  ],
  div: (g, [a, b], _p, _e, [na, nb]) => [
    na ? unbroadcast(g.div(b!), a!.shape) : null,
    nb ? unbroadcast(g.mul(a!).div(b!.square()).neg(), b!.shape) : null,
  ],
  pow: (g, [a, b], _p, [y], [na, nb]) => [
    // b·a^(b-1), taken as 0 where b = 0 (not 0·0^-1 = NaN at a = 0), as PyTorch does
    na ? unbroadcast(b!.eq(0).where(0, g.mul(b!).mul(a!.pow(b!.sub(1)))), a!.shape) : null,
    // d/db a^b = a^b ln a, taken as 0 where a = 0 (PyTorch's convention)
    nb ? unbroadcast(g.mul(y!).mul(a!.eq(0).where(a!.zerosLike(), a!.abs().log())), b!.shape) : null,
  ],
  maximum: (g, [a, b], _p, _e, [na, nb]) => minMaxGrad(g, a!, b!, a!.gt(b!), na!, nb!),
  minimum: (g, [a, b], _p, _e, [na, nb]) => minMaxGrad(g, a!, b!, a!.lt(b!), na!, nb!),
  atan2: (g, [a, b], _p, _e, [na, nb]) => {
    const denom = a!.square().add(b!.square());
    return [na ? unbroadcast(g.mul(b!).div(denom), a!.shape) : null, nb ? unbroadcast(g.mul(a!).neg().div(denom), b!.shape) : null];
  },
  remainder: (g, [a, b], _p, _e, [na, nb]) => [
    na ? unbroadcast(g, a!.shape) : null,
    nb ? unbroadcast(g.mul(a!.div(b!).floor()).neg(), b!.shape) : null,
  ],
  eq: none, ne: none, lt: none, le: none, gt: none, ge: none, logicalAnd: none, logicalOr: none, logicalXor: none,
};

/** Ties split the gradient evenly between both inputs, as PyTorch does. */
function minMaxGrad(g: Tensor, a: Tensor, b: Tensor, aWins: Tensor, na: boolean, nb: boolean): (Tensor | null)[] {
  const tie = a.eq(b).cast(g.dtype).mul(0.5);
  const wa = aWins.cast(g.dtype).add(tie);
  return [na ? unbroadcast(g.mul(wa), a.shape) : null, nb ? unbroadcast(g.mul(wa.rsub(1)), b.shape) : null];
}

/** Re-inserts reduced axes as size 1 so a reduced gradient broadcasts against the input. */
function keepDims(t: Tensor, shape: readonly number[], axes: readonly number[], keepDim: boolean): Tensor {
  return keepDim ? t : t.reshape(shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

/** max/min: the gradient goes to every element equal to the extreme, shared evenly among ties. */
const extremeRule = (g: Tensor, [x]: readonly Tensor[], { axes, keepDim }: ReduceParams, [y]: readonly Tensor[]): Tensor[] => {
  const yk = keepDims(y!, x!.shape, axes, keepDim);
  const mask = x!.eq(yk).cast(g.dtype);
  const count = mask.sum(axes as number[], true);
  return [mask.div(count).mul(keepDims(g, x!.shape, axes, keepDim))];
};

export const rules: { [P in Primitive]: VjpRule<P> } = {
  ...unaryRules,
  ...binaryRules,
  where: (g, [c, a, b], _p, _e, [, na, nb]) => {
    const zero = g.zerosLike();
    return [null, na ? unbroadcast(c!.where(g, zero), a!.shape) : null, nb ? unbroadcast(c!.where(zero, g), b!.shape) : null];
  },
  cast: (g, [x]) => [g.cast(x!.dtype)],
  sum: (g, [x], { axes, keepDim }) => [keepDims(g, x!.shape, axes, keepDim).expand(x!.shape)],
  prod: (g, [x], { axes, keepDim }, [y]) => {
    // exact for inputs without zeros; zeros get the product of the others via where()
    const yk = keepDims(y!, x!.shape, axes, keepDim);
    const gk = keepDims(g, x!.shape, axes, keepDim);
    const safe = x!.eq(0).where(x!.onesLike(), x!);
    const others = yk.div(safe);
    const zerosElsewhere = x!.eq(0).cast(g.dtype).sum(axes as number[], true);
    const prodNonZero = safe.prod(axes as number[], true);
    const atZero = zerosElsewhere.eq(1).where(prodNonZero, prodNonZero.zerosLike());
    return [gk.mul(x!.eq(0).where(atZero.expand(x!.shape), others))];
  },
  max: extremeRule,
  min: extremeRule,
  any: none,
  all: none,
  argmax: none,
  argmin: none,
  matmul: (g, [a, b], _p, _e, [na, nb]) => [na ? g.matmul(b!.mT()) : null, nb ? a!.mT().matmul(g) : null],
  reshape: (g, [x]) => [g.reshape(x!.shape)],
  permute: (g, _s, { perm }) => {
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return [g.permute(inverse)];
  },
  expand: (g, [x]) => [unbroadcast(g, x!.shape)],
  slice: (g, [x], { begin, step }) => [apply('place', [g], { shape: x!.shape, begin, step })],
  flip: (g, _s, { dims }) => [g.flip(dims as number[])],
  place: (g, [x], { begin, step }) => [
    apply('slice', [g], { begin, end: begin.map((b, d) => b + x!.shape[d]! * step[d]!), step }),
  ],
  pad: (g, [x], { before }) => [
    apply('slice', [g], { begin: before, end: before.map((b, d) => b + x!.shape[d]!), step: before.map(() => 1) }),
  ],
  concat: (g, xs, { axis }, _e, needs) => {
    let at = 0;
    return xs.map((x, k) => {
      const begin = x.shape.map((_, d) => (d === axis ? at : 0));
      const end = x.shape.map((s, d) => (d === axis ? at + s : s));
      at += x.shape[axis]!;
      return needs[k] ? apply('slice', [g], { begin, end, step: x.shape.map(() => 1) }) : null;
    });
  },
  gather: (g, [x, index], { dim }) => [apply('scatterAdd', [zerosOf(g, x!.shape), index!, g], { dim }), null],
  scatterAdd: (g, [, index], { dim }, _e, [nb, , ns]) => [nb ? g : null, null, ns ? apply('gather', [g, index!], { dim }) : null],
  conv2d: (g, [x, w], spec, _e, [nx, nw]) => [
    nx ? apply('conv2dBackwardInput', [g, w!], { ...spec, xShape: x!.shape }) : null,
    nw ? apply('conv2dBackwardWeight', [x!, g], { ...spec, wShape: w!.shape }) : null,
  ],
  conv2dBackwardInput: (g, [dy, w], p, _e, [ndy, nw]) => [
    ndy ? apply('conv2d', [g, w!], p) : null,
    nw ? apply('conv2dBackwardWeight', [g, dy!], { ...p, wShape: w!.shape }) : null,
  ],
  conv2dBackwardWeight: (g, [x, dy], p, _e, [nx, ndy]) => [
    nx ? apply('conv2dBackwardInput', [dy!, g], { ...p, xShape: x!.shape }) : null,
    ndy ? apply('conv2d', [x!, g], p) : null,
  ],
  maxPool2d: (g, [x], _p, [, indices]) => {
    // the pooling error is upsampled to the position of each window's maximum
    const [N, C, H, W] = x!.shape as [number, number, number, number];
    const flatG = g.reshape([N, C, -1]);
    const zeros = zerosOf(g, [N, C, H * W]);
    return [apply('scatterAdd', [zeros, indices!.reshape([N, C, -1]), flatG], { dim: 2 }).reshape(x!.shape)];
  },
  avgPool2d: (g, [x], spec) => [apply('avgPool2dBackward', [g], { ...spec, xShape: x!.shape })],
  avgPool2dBackward: (g, _s, p) => [apply('avgPool2d', [g], p)],
};
