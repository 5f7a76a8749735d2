import { apply } from '../autograd/engine';
import { elementwiseEntry, erf, expm1, logSigmoid, neg, sigmoid, tanh, type BinaryOp, type UnaryOp } from '../primitives/elementwise';
import { isFloat, promote, type DType } from '../dtype';
import { Tensor } from '../tensor';
import { scalarLike } from './creation';
import { DTypeError } from '../errors';

export type TensorLike = Tensor | number | boolean;

// the unary ops as functions (exp(x)…), the op tables and their types
export * from '../primitives/elementwise';

/** Casts through the tape so gradients flow back to the original dtype. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return apply('cast', [x], { dtype });
}

export function unaryOp(op: UnaryOp, x: Tensor): Tensor {
  x.assertAlive(op);
  const entry = elementwiseEntry(op)!;
  if (entry.test) return apply(op, [x], {});
  if (entry.float && !isFloat(x.dtype)) x = cast(x, 'float32');
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
  const entry = elementwiseEntry(op);
  if (entry?.float && !isFloat(dtype)) dtype = 'float32';
  if (dtype === 'bool' && !entry?.test) dtype = 'int32';
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
/** softplus(x) = log(1 + e^{βx})/β = -logσ(-βx)/β, linear above `threshold` as in PyTorch. */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const bx = mul(x, beta);
  // logSigmoid is a stable primitive; its gradient σ(βx) is ½ at 0, as PyTorch's
  return where(gt(bx, threshold), x, div(neg(logSigmoid(neg(bx))), beta));
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
