import type { DType } from '../dtype';
import type { BinaryOp, Conv2dSpec, Pool2dSpec, UnaryOp } from '../backend/contract';

export interface ReduceParams {
  /** Sorted, non-negative axes to reduce. */
  readonly axes: readonly number[];
  readonly keepDim: boolean;
}

type NoParams = Record<string, never>;

/**
 * Every primitive dnn records on the tape, with its parameters. The gradient table in rules.ts is typed
 * `{ [P in Primitive]: VjpRule<P> }`: add a primitive here and the compiler lists the rule still missing.
 * Everything else (softmax, losses, layer norm, gelu…) is composed from these, so its gradient is free.
 */
export interface PrimitiveParams extends Record<UnaryOp | BinaryOp, NoParams> {
  where: NoParams;
  cast: { readonly dtype: DType };
  sum: ReduceParams;
  prod: ReduceParams;
  max: ReduceParams;
  min: ReduceParams;
  any: ReduceParams;
  all: ReduceParams;
  argmax: { readonly axis: number; readonly keepDim: boolean };
  argmin: { readonly axis: number; readonly keepDim: boolean };
  matmul: NoParams;
  reshape: { readonly shape: readonly number[] };
  permute: { readonly perm: readonly number[] };
  expand: { readonly shape: readonly number[] };
  slice: { readonly begin: readonly number[]; readonly end: readonly number[]; readonly step: readonly number[] };
  flip: { readonly dims: readonly number[] };
  /** The adjoint of slice: zeros of `shape` with the input written at begin + i·step. */
  place: { readonly shape: readonly number[]; readonly begin: readonly number[]; readonly step: readonly number[] };
  pad: { readonly before: readonly number[]; readonly after: readonly number[]; readonly value: number };
  concat: { readonly axis: number };
  gather: { readonly dim: number };
  scatterAdd: { readonly dim: number };
  conv2d: Conv2dSpec;
  conv2dBackwardInput: Conv2dSpec & { readonly xShape: readonly number[] };
  conv2dBackwardWeight: Conv2dSpec & { readonly wShape: readonly number[] };
  maxPool2d: Pool2dSpec;
  avgPool2d: Pool2dSpec;
  avgPool2dBackward: Pool2dSpec & { readonly xShape: readonly number[] };
}

export type Primitive = keyof PrimitiveParams;

export const UNARY_OPS: readonly UnaryOp[] = [
  'neg', 'abs', 'sign', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'sin', 'cos', 'tanh',
  'sigmoid', 'relu', 'erf', 'floor', 'ceil', 'round', 'logicalNot', 'isnan', 'isfinite',
];
export const BINARY_OPS: readonly BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'atan2', 'remainder',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor',
];
export const COMPARISONS = new Set<string>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor', 'logicalNot', 'isnan', 'isfinite']);
