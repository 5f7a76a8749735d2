import * as dnn from '@dnn/tensor';
import type { Tensor, TensorLike } from '@dnn/tensor';
import type { OpTable } from '../run-case';
import { like, t } from './inputs';

const unary: Record<string, (x: Tensor) => Tensor> = {
  neg: dnn.neg, abs: dnn.abs, sign: dnn.sign, exp: dnn.exp, expm1: dnn.expm1, log: dnn.log, log1p: dnn.log1p,
  sqrt: dnn.sqrt, rsqrt: dnn.rsqrt, reciprocal: dnn.reciprocal, square: dnn.square, sin: dnn.sin, cos: dnn.cos,
  tanh: dnn.tanh, sigmoid: dnn.sigmoid, logSigmoid: dnn.logSigmoid, relu: dnn.relu, erf: dnn.erf, floor: dnn.floor, ceil: dnn.ceil,
  round: dnn.round, silu: dnn.silu, scaledTanh: dnn.scaledTanh, isnan: dnn.isnan, isfinite: dnn.isfinite,
  logicalNot: dnn.logicalNot,
};

const binary: Record<string, (a: TensorLike, b: TensorLike) => Tensor> = {
  add: dnn.add, sub: dnn.sub, mul: dnn.mul, div: dnn.div, pow: dnn.pow, maximum: dnn.maximum, minimum: dnn.minimum,
  atan2: dnn.atan2, remainder: dnn.remainder, eq: dnn.eq, ne: dnn.ne, lt: dnn.lt, le: dnn.le, gt: dnn.gt, ge: dnn.ge,
  logicalAnd: dnn.logicalAnd, logicalOr: dnn.logicalOr, logicalXor: dnn.logicalXor,
};

export const elementwiseOps: OpTable = {
  ...Object.fromEntries(Object.entries(unary).map(([op, f]) => [op, (xs) => f(t(xs, 0))])),
  ...Object.fromEntries(Object.entries(binary).map(([op, f]) => [op, (xs) => f(like(xs, 0), like(xs, 1))])),
  leakyRelu: (xs, a) => t(xs, 0).leakyRelu(a.negativeSlope),
  elu: (xs, a) => dnn.elu(t(xs, 0), a.alpha),
  gelu: (xs, a) => t(xs, 0).gelu(a.approximate),
  softplus: (xs, a) => dnn.softplus(t(xs, 0), a.beta, a.threshold),
  // scalar bounds come as args, tensor bounds as inputs 1 and 2
  clamp: (xs, a) => t(xs, 0).clamp((xs[1] as Tensor | undefined) ?? a.min, (xs[2] as Tensor | undefined) ?? a.max),
  where: (xs) => dnn.where(t(xs, 0), like(xs, 1), like(xs, 2)),
  cast: (xs, a) => dnn.cast(t(xs, 0), a.dtype),
};
