/**
 * @dnn/tensor/backend — what a backend author needs besides the contract: the contract's types, the
 * element-wise op tables (names and dtype rules of every `UnaryOp`/`BinaryOp`), shape and stride
 * arithmetic, broadcasting, dtype tables and PyTorch's pooling divisor. Pure functions and data, no
 * tensor state: a backend imports these instead of copying them.
 * @packageDocumentation
 */
export type * from './contract';
export { UNARY_OPS, BINARY_OPS } from '../primitives/elementwise';
export type { OpFlags } from '../primitives/elementwise';
export { numel, contiguousStrides, isContiguous, broadcastShapes, sameShape } from '../shape';
export type { Shape } from '../shape';
export { DTYPES, bytesPerElement, isFloat, arrayFor, dtypeOfArray, promote } from '../dtype';
export type { DType, TypedArray } from '../dtype';
export { poolDivisor } from './pool-divisor';
// COO entries grouped by row, cached per index array (a backend's sparse kernels share the sorting)
export { rowOrder, columnsInOrder, forgetSorted } from './cpu/csr';
export type { RowOrder, ColumnsInOrder } from './cpu/csr';
// float16: the methods that take it, and the guard that makes every other method refuse it
export { FLOAT16_METHODS, guardFloat16 } from './half-storage';
export { toHalfBits, fromHalfBits, toHalfArray, fromHalfArray } from '../half';
