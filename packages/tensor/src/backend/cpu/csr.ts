import type { View } from '../contract';
import type { TypedArray } from '../../dtype';

/**
 * COO entries grouped by row (CSR), stable in entry order: row i's entries are positions starts[i] …
 * starts[i + 1] − 1 and entry[p] is the original index k. Walking a row's positions visits its entries
 * in increasing k, the order in which the COO kernels add them, so row-wise kernels give their bits.
 */
export interface RowOrder {
  readonly rows: number;
  readonly offset: number;
  readonly starts: Int32Array;
  readonly entry: Int32Array;
  /** The entries were already in row order (entry[p] = p): kernels may skip the indirection. */
  readonly inOrder: boolean;
}

/** A column index permuted into row order, with its range (a kernel checks it against its operand). */
export interface ColumnsInOrder {
  readonly order: RowOrder;
  readonly offset: number;
  readonly cols: Int32Array;
  readonly min: number;
  readonly max: number;
}

/**
 * Both are cached by the index's buffer: a graph's index tensors are built once and used every step,
 * so each is sorted once. A tensor's buffer does not change while it is alive (the WebAssembly kernels'
 * resident results assume it too); when a buffer is freed, and may be reused with other contents, what
 * was built from it is dropped (`forgetSorted`).
 */
let orders = new WeakMap<object, RowOrder>();
let columns = new WeakMap<object, ColumnsInOrder>();

export function forgetSorted(buffer: object): void {
  orders.delete(buffer);
  columns.delete(buffer);
}

/** Drops every cached order (tests). */
export function clearSortedCache(): void {
  orders = new WeakMap();
  columns = new WeakMap();
}

/** The view's int32 elements when it is a dense 1-D stretch of its buffer, else null. */
export function indexArray(v: View<TypedArray>): Int32Array | null {
  if (v.dtype !== 'int32' || v.shape.length !== 1 || (v.shape[0]! > 1 && v.strides[0] !== 1)) return null;
  return (v.buffer as Int32Array).subarray(v.offset, v.offset + v.shape[0]!);
}

/** Counting sort of the entries by row; null when an index is outside [0, rows) or the view is not dense. */
export function rowOrder(rowView: View<TypedArray>, rows: number): RowOrder | null {
  const row = indexArray(rowView);
  if (!row) return null;
  const hit = orders.get(rowView.buffer);
  if (hit && hit.rows === rows && hit.offset === rowView.offset && hit.entry.length === row.length) return hit;
  const E = row.length;
  const starts = new Int32Array(rows + 1);
  for (let k = 0; k < E; k++) {
    const i = row[k]!;
    if (!(i >= 0 && i < rows)) return null;
    starts[i + 1]!++;
  }
  for (let i = 0; i < rows; i++) starts[i + 1]! += starts[i]!;
  const next = starts.slice(0, rows);
  const entry = new Int32Array(E);
  let inOrder = true;
  for (let k = 0; k < E; k++) {
    const p = next[row[k]!]!++;
    entry[p] = k;
    if (p !== k) inOrder = false;
  }
  const order = { rows, offset: rowView.offset, starts, entry, inOrder };
  orders.set(rowView.buffer, order);
  return order;
}

/** col[entry[p]] for every position p of `order`; null when the view is not dense or its length differs. */
export function columnsInOrder(order: RowOrder, colView: View<TypedArray>): ColumnsInOrder | null {
  const col = indexArray(colView);
  if (!col || col.length !== order.entry.length) return null;
  const hit = columns.get(colView.buffer);
  if (hit && hit.order === order && hit.offset === colView.offset) return hit;
  const E = col.length, entry = order.entry;
  const cols = new Int32Array(E);
  let min = 0, max = -1;
  if (E > 0) min = max = col[entry[0]!]!;
  for (let p = 0; p < E; p++) {
    const j = col[entry[p]!]!;
    cols[p] = j;
    if (j < min) min = j;
    if (j > max) max = j;
  }
  const c = { order, offset: colView.offset, cols, min, max };
  columns.set(colView.buffer, c);
  return c;
}
