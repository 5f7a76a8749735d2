import type { Tensor } from '../tensor';
import { BINARY_VJPS, UNARY_VJPS, type BinaryOp, type UnaryOp } from '../primitives/elementwise';
import type { Primitive, PrimitiveParams, ReduceParams } from '../primitives/params';
import { apply } from './engine';
import { zerosOf } from '../ops/creation';
import { unbroadcast } from './unbroadcast';
import { gruCellGrad, lstmCellGrad } from '../primitives/rnn-cells';
import { rnnSequenceGrad } from '../primitives/rnn-sequence';
import { isGradEnabled } from './mode';
import { crossEntropyGrad } from '../primitives/cross-entropy';

/**
 * The zeros a scatter-add gradient starts from, as one zero broadcast to `shape`: the WebAssembly
 * scatter-add zeroes its output in its own parallel parts instead of reading a base, and the other
 * kernels read the zero through the broadcast view, so no buffer of `shape` is filled first.
 */
const scatterBase = (g: Tensor, shape: readonly number[]): Tensor => zerosOf(g, []).expand(shape);
import { batchNormGrad } from '../primitives/batch-norm';
import { segmentSoftmaxGrad } from '../primitives/segment-softmax';
import { edgeLogitsGrad } from '../primitives/edge-logits';
import { biasActivationGrad } from '../primitives/bias-activation';

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

const none = (_g: Tensor, saved: readonly Tensor[]): null[] => saved.map(() => null);

/**
 * The element-wise rules live beside their ops in the op table (primitives/elementwise.ts), except relu's:
 * it applies the fused reluBackward primitive, and the op table may not import the engine (tensor.ts
 * reads the table while it loads).
 */
const elementwiseRules: { [P in UnaryOp | BinaryOp]: VjpRule<P> } = {
  ...UNARY_VJPS,
  ...BINARY_VJPS,
  // PyTorch's threshold_backward: g where the input is not ≤ 0, so NaN inputs pass g on too
  relu: (g, [x]) => [apply('reluBackward', [g, x!], {})],
};

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
  ...elementwiseRules,
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
  gather: (g, [x, index], { dim }) => [apply('scatterAdd', [scatterBase(g, x!.shape), index!, g], { dim }), null],
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
    return [apply('scatterAdd', [scatterBase(g, [N, C, H * W]), indices!.reshape([N, C, -1]), flatG], { dim: 2 }).reshape(x!.shape)];
  },
  avgPool2d: (g, [x], spec) => [apply('avgPool2dBackward', [g], { ...spec, xShape: x!.shape })],
  avgPool2dBackward: (g, _s, p) => [apply('avgPool2d', [g], p)],
  // out = A·x with A[row, col] = w: dx = Aᵀ·g (the same product with row and col swapped),
  // dw[k, h] = g[row[k], h] · x[col[k], h] (the sampled product; no gradient for the indices)
  spmm: (g, [x, w, row, col], _p, _e, [nx, nw]) => [
    nx ? apply('spmm', [g, w!, col!, row!], { rows: x!.shape[0]! }) : null,
    nw ? apply('sddmm', [g, x!, row!, col!], {}) : null,
    null, null,
  ],
  // out[k, h] = a[row[k], h] · b[col[k], h]: da = A·b and db = Aᵀ·a for the sparse A[row, col] = g
  sddmm: (g, [a, b, row, col], _p, _e, [na, nb]) => [
    na ? apply('spmm', [b!, g, row!, col!], { rows: a!.shape[0]! }) : null,
    nb ? apply('spmm', [a!, g, col!, row!], { rows: b!.shape[0]! }) : null,
    null, null,
  ],
  segmentSoftmax: (g, [, ids], { count }, [y]) => [segmentSoftmaxGrad(g, y!, ids!, count), null, null],
  edgeLogits: (g, [src, dst, row, col], { slope }) => [...edgeLogitsGrad(g, src!, dst!, row!, col!, slope), null, null],
  lstmCell: (g, [gates, c, gh], _p, [out]) => {
    const [dgates, dc] = lstmCellGrad(g, gates!, c!, out!, gh);
    return gh ? [dgates, dc, dgates] : [dgates, dc];
  },
  gruCell: (g, [gi, gh, h]) => gruCellGrad(g, gi!, gh!, h!),
  // a recorded gradient (createGraph) replays the forward on the tape, the saved steps have no graph
  rnnSequence: (g, saved, p, extras, needs) => rnnSequenceGrad(g, saved, p, extras, needs, isGradEnabled()),
  // linear in dy; piecewise constant in x
  reluBackward: (g, [, x], _p, _e, [ndy]) => [ndy ? apply('reluBackward', [g, x!], {}) : null, null],
  biasActivation: (g, [x, bias], { axis, activation }, [y], needs) => 
    biasActivationGrad(g, x!, bias!, y!, axis, activation, needs, (dy, out) => apply('reluBackward', [dy, out], {})),
  softmaxCrossEntropy: (g, [x, t], { ignoreIndex }, [, unit]) => [crossEntropyGrad(g, x!, t!, ignoreIndex, unit!), null],
  batchNorm: (g, [x, w], { eps }, [, mean, variance], needs) => batchNormGrad(g, x!, w!, mean!, variance!, eps, needs),
  // y = softmax: J·g = y(g - Σ g·y); y = log softmax: g - softmax·Σ g
  softmax: (g, _s, { dim, log }, [y]) =>
    log ? [g.sub(y!.exp().mul(g.sum(dim, true)))] : [y!.mul(g.sub(g.mul(y!).sum(dim, true)))],
};
