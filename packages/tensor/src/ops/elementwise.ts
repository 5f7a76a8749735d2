import type { BinaryOp, UnaryOp } from '../backend/contract';
import { apply } from '../autograd/engine';
import { COMPARISONS } from '../autograd/primitives';
import { isFloat, promote, type DType } from '../dtype';
import { Tensor } from '../tensor';
import { scalarLike } from './creation';
import { DTypeError } from '../errors';

export type TensorLike = Tensor | number | boolean;

const FLOAT_ONLY = new Set<string>(['exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'sin', 'cos', 'tanh',
  'sigmoid', 'erf', 'div', 'pow', 'atan2']);

/** Casts through the tape so gradients flow back to the original dtype. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return apply('cast', [x], { dtype });
}

export function unaryOp(op: UnaryOp, x: Tensor): Tensor {
  x.assertAlive(op);
  if (COMPARISONS.has(op)) return apply(op, [x], {});
  if (FLOAT_ONLY.has(op) && !isFloat(x.dtype)) x = cast(x, 'float32');
  if (x.dtype === 'bool' && op !== 'logicalNot') x = cast(x, 'int32');
  return apply(op, [x], {});
}

/** Brings a pair of operands to tensors of one compute dtype (PyTorch's promotion with weak scalars). */
export function coerce(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw new DTypeError(`${op}: at least one operand must be a tensor`);
  const ta = a instanceof Tensor ? a : scalarLike(a, b as Tensor);
  const tb = b instanceof Tensor ? b : scalarLike(b, ta);
  ta.assertAlive(op);
  tb.assertAlive(op);
  let dtype = promote(ta.dtype, tb.dtype);
  // a 0-d tensor made from a number does not widen float32 to float64 or int to float
  if (!(a instanceof Tensor)) dtype = promote(tb.dtype, ta.dtype === 'float64' && tb.dtype === 'float32' ? 'float32' : ta.dtype);
  if (!(b instanceof Tensor)) dtype = promote(ta.dtype, tb.dtype === 'float64' && ta.dtype === 'float32' ? 'float32' : tb.dtype);
  if (FLOAT_ONLY.has(op) && !isFloat(dtype)) dtype = 'float32';
  if (dtype === 'bool' && !COMPARISONS.has(op)) dtype = 'int32';
  return [cast(ta, dtype), cast(tb, dtype)];
}

export function binaryOp(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = coerce(op, a, b);
  return apply(op, [x, y], {});
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binaryOp('add', a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binaryOp('sub', a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binaryOp('mul', a, b);
export const div = (a: TensorLike, b: TensorLike): Tensor => binaryOp('div', a, b);
export const pow = (a: TensorLike, b: TensorLike): Tensor => binaryOp('pow', a, b);
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binaryOp('maximum', a, b);
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binaryOp('minimum', a, b);
export const atan2 = (a: TensorLike, b: TensorLike): Tensor => binaryOp('atan2', a, b);
export const remainder = (a: TensorLike, b: TensorLike): Tensor => binaryOp('remainder', a, b);
export const eq = (a: TensorLike, b: TensorLike): Tensor => binaryOp('eq', a, b);
export const ne = (a: TensorLike, b: TensorLike): Tensor => binaryOp('ne', a, b);
export const lt = (a: TensorLike, b: TensorLike): Tensor => binaryOp('lt', a, b);
export const le = (a: TensorLike, b: TensorLike): Tensor => binaryOp('le', a, b);
export const gt = (a: TensorLike, b: TensorLike): Tensor => binaryOp('gt', a, b);
export const ge = (a: TensorLike, b: TensorLike): Tensor => binaryOp('ge', a, b);
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => binaryOp('logicalAnd', a, b);
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => binaryOp('logicalOr', a, b);
export const logicalXor = (a: TensorLike, b: TensorLike): Tensor => binaryOp('logicalXor', a, b);

export const neg = (x: Tensor): Tensor => unaryOp('neg', x);
export const abs = (x: Tensor): Tensor => unaryOp('abs', x);
export const sign = (x: Tensor): Tensor => unaryOp('sign', x);
export const exp = (x: Tensor): Tensor => unaryOp('exp', x);
export const expm1 = (x: Tensor): Tensor => unaryOp('expm1', x);
export const log = (x: Tensor): Tensor => unaryOp('log', x);
export const log1p = (x: Tensor): Tensor => unaryOp('log1p', x);
export const sqrt = (x: Tensor): Tensor => unaryOp('sqrt', x);
export const rsqrt = (x: Tensor): Tensor => unaryOp('rsqrt', x);
export const reciprocal = (x: Tensor): Tensor => unaryOp('reciprocal', x);
export const sin = (x: Tensor): Tensor => unaryOp('sin', x);
export const cos = (x: Tensor): Tensor => unaryOp('cos', x);
export const tanh = (x: Tensor): Tensor => unaryOp('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unaryOp('sigmoid', x);
export const relu = (x: Tensor): Tensor => unaryOp('relu', x);
export const erf = (x: Tensor): Tensor => unaryOp('erf', x);
export const floor = (x: Tensor): Tensor => unaryOp('floor', x);
export const ceil = (x: Tensor): Tensor => unaryOp('ceil', x);
export const round = (x: Tensor): Tensor => unaryOp('round', x);
export const logicalNot = (x: Tensor): Tensor => unaryOp('logicalNot', x);
export const isnan = (x: Tensor): Tensor => unaryOp('isnan', x);
export const isfinite = (x: Tensor): Tensor => unaryOp('isfinite', x);
export const square = (x: Tensor): Tensor => mul(x, x);

/** where(cond, a, b): a where cond is true, else b (broadcasting all three). */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = coerce('where', a, b);
  const c = cond.dtype === 'bool' ? cond : ne(cond, 0);
  return apply('where', [c, x, y], {});
}

// Activations composed from primitives: their gradients come from the table for free.
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => where(gt(x, 0), x, mul(x, negativeSlope));
export const elu = (x: Tensor, alpha = 1): Tensor => where(gt(x, 0), x, mul(expm1(x), alpha));
/** GELU: exact x·Φ(x) with the error function, or PyTorch's 'tanh' approximation. */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate === 'tanh') {
    const inner = mul(add(x, mul(pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}
/** softplus(x) = log(1 + e^{βx})/β, linear above `threshold` as in PyTorch. */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const bx = mul(x, beta);
  // max(βx, 0) + log1p(e^{-|βx|}), with -|βx| = min(βx, -βx): maximum/minimum split ties evenly, so the
  // gradient at 0 is σ(0) = ½ (relu and abs would give 0 there)
  const stable = div(add(maximum(bx, 0), log1p(exp(minimum(bx, neg(bx))))), beta);
  return where(gt(bx, threshold), x, stable);
}
export const silu = (x: Tensor): Tensor => mul(x, sigmoid(x));
/** LeCun's scaled tanh of LeNet-5: 1.7159·tanh(2x/3). */
export const scaledTanh = (x: Tensor): Tensor => mul(tanh(mul(x, 2 / 3)), 1.7159);
/**
 * clamp(x, min, max); the gradient passes where min ≤ x ≤ max, boundaries included (as in PyTorch).
 * NaN in x, or in a tensor bound, gives NaN (comparisons with NaN are false, so the bound is taken
 * explicitly); a NaN number bound is ignored, as in PyTorch 1.13.
 */
export function clamp(x: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
  let y = x;
  if (min !== undefined && min !== null) y = where(beyond(lt(y, min), min), min, y);
  if (max !== undefined && max !== null) y = where(beyond(gt(y, max), max), max, y);
  return y;
}

/** The positions where a clamp takes its bound: past it, or (for a tensor bound) where it is NaN. */
const beyond = (past: Tensor, bound: number | Tensor): Tensor => (typeof bound === 'number' ? past : past.logicalOr(bound.isnan()));
