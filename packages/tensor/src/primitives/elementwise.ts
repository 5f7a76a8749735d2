import type { Tensor } from '../tensor';
import { unbroadcast } from '../autograd/unbroadcast';
import { apply } from '../autograd/engine';

/**
 * The element-wise primitives, declared once here. An op's key in `UNARY_OPS`/`BINARY_OPS` is its name
 * in the backend contract (`UnaryOp`, `BinaryOp` are these keys), on the tape, as a tensor method
 * (generated in tensor.ts) and as a function (below for unary ops); its flags are its dtype rules, and
 * its entry in `UNARY_VJPS`/`BINARY_VJPS` its gradient rule (autograd/rules.ts takes it from here).
 * A new key makes the compiler ask for its rule here, its CPU kernel (backend/cpu/elementwise.ts) and
 * its WebGPU expression; nothing else changes (docs/architecture.md, Recipes › A primitive).
 *
 * The flags and the rules are two objects because the rules' types mention Tensor, whose methods are
 * typed from these keys. This module imports no tensor code at run time, so tensor.ts can read it
 * while it is loading.
 */

/** A gradient rule of an element-wise op: `saved` holds the inputs, `extras[0]` the output. */
export type ElementwiseRule = (
  g: Tensor, saved: readonly Tensor[], params: Record<string, never>, extras: readonly Tensor[], needs: readonly boolean[],
) => (Tensor | null)[];

/** The dtype rules of an element-wise op. */
export interface OpFlags {
  /** Integer and bool inputs are computed in float32 (exp, log, div…), as PyTorch promotes them. */
  readonly float?: true;
  /** A test or logical op: the output is bool, inputs keep their dtype, and no gradient flows. */
  readonly test?: true;
}

const none: ElementwiseRule = (_g, saved) => saved.map(() => null);
const zero: ElementwiseRule = (g) => [g.zerosLike()];

export const UNARY_OPS = {
  neg: {},
  abs: {},
  sign: {},
  exp: { float: true },
  expm1: { float: true },
  log: { float: true },
  log1p: { float: true },
  sqrt: { float: true },
  rsqrt: { float: true },
  reciprocal: { float: true },
  sin: { float: true },
  cos: { float: true },
  tanh: { float: true },
  sigmoid: { float: true },
  logSigmoid: { float: true },
  relu: {},
  erf: { float: true },
  floor: {},
  ceil: {},
  round: {},
  logicalNot: { test: true },
  isnan: { test: true },
  isfinite: { test: true },
} as const satisfies Record<string, OpFlags>;
export type UnaryOp = keyof typeof UNARY_OPS;

/** The gradient rules of the unary ops (typed complete: a new op must bring its rule). */
export const UNARY_VJPS: { readonly [K in UnaryOp]: ElementwiseRule } = {
  neg: (g) => [g.neg()],
  abs: (g, [x]) => [g.mul(x!.sign())],
  sign: zero,
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
  // d/dx log σ(x) = 1 - σ(x) = σ(-x)
  logSigmoid: (g, [x]) => [g.mul(x!.neg().sigmoid())],
  // PyTorch's threshold_backward: g where the output is not ≤ 0, so NaN inputs pass g on too
  relu: (g, [x]) => [apply('reluBackward', [g, x!], {})],
  erf: (g, [x]) => [g.mul(x!.square().neg().exp().mul(2 / Math.sqrt(Math.PI)))],
  floor: zero,
  ceil: zero,
  round: zero,
  logicalNot: none,
  isnan: none,
  isfinite: none,
};

export const BINARY_OPS = {
  add: {},
  sub: {},
  mul: {},
  div: { float: true },
  pow: { float: true },
  maximum: {},
  minimum: {},
  atan2: { float: true },
  remainder: {},
  eq: { test: true },
  ne: { test: true },
  lt: { test: true },
  le: { test: true },
  gt: { test: true },
  ge: { test: true },
  logicalAnd: { test: true },
  logicalOr: { test: true },
  logicalXor: { test: true },
} as const satisfies Record<string, OpFlags>;
export type BinaryOp = keyof typeof BINARY_OPS;

/** The gradient rules of the binary ops (typed complete: a new op must bring its rule). */
export const BINARY_VJPS: { readonly [K in BinaryOp]: ElementwiseRule } = {
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
  eq: none,
  ne: none,
  lt: none,
  le: none,
  gt: none,
  ge: none,
  logicalAnd: none,
  logicalOr: none,
  logicalXor: none,
};

/** The entry of a unary or binary op (undefined for other ops), with its optional flags visible. */
export const elementwiseEntry = (op: string): OpFlags | undefined =>
  Object.hasOwn(UNARY_OPS, op) ? (UNARY_OPS as Record<string, OpFlags>)[op]
    : Object.hasOwn(BINARY_OPS, op) ? (BINARY_OPS as Record<string, OpFlags>)[op] : undefined;

/** Ties split the gradient evenly between both inputs, as PyTorch does. */
function minMaxGrad(g: Tensor, a: Tensor, b: Tensor, aWins: Tensor, na: boolean, nb: boolean): (Tensor | null)[] {
  const tie = a.eq(b).cast(g.dtype).mul(0.5);
  const wa = aWins.cast(g.dtype).add(tie);
  return [na ? unbroadcast(g.mul(wa), a.shape) : null, nb ? unbroadcast(g.mul(wa.rsub(1)), b.shape) : null];
}

/** The unary ops as functions, `exp(x)` for `x.exp()`: the method (tensor.ts) is generated from the table. */
const unaryFunctions = Object.fromEntries(
  Object.keys(UNARY_OPS).map((op) => [op, (x: Tensor) => (x as unknown as Record<string, () => Tensor>)[op]!()]),
) as { readonly [K in UnaryOp]: (x: Tensor) => Tensor };

export const {
  neg, abs, sign, exp, expm1, log, log1p, sqrt, rsqrt, reciprocal, sin, cos, tanh, sigmoid, logSigmoid, relu, erf, floor, ceil, round,
  logicalNot, isnan, isfinite,
} = unaryFunctions;
