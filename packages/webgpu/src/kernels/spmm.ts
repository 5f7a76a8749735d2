import type { View } from '@dnn/tensor';
import { columnsInOrder, contiguousStrides, forgetSorted, isContiguous, rowOrder, type RowOrder, type TypedArray } from '@dnn/tensor/backend';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT, wgslType } from '../dtypes';
import { binary, copy } from '../elementwise';
import { gather, scatterAdd } from './gather';
import { linearDispatch, Meta, WG } from '../program';

/**
 * Sparse × dense product out[row[k], h, :] += w[k, h] · x[col[k], h, :] (the `spmm` primitive).
 *
 * With the entries grouped by output row (CSR), one thread computes one output element, adding its
 * row's entries in increasing k: no atomics, the same order as the CPU kernels, the same bits on every
 * run. The grouping is sorted on the host, so it needs the index arrays there: index tensors uploaded
 * from the host (a graph's edge index) keep their host array (`hostIndex`), and the sorted form is
 * uploaded once per index buffer. Indices that exist only on the GPU take the composite's route
 * (gather, multiply, scatter-add).
 */

interface Sorted { starts: GPUBuffer; entry: GPUBuffer; cols: GPUBuffer; colBuffer: GPUBuffer; order: RowOrder; min: number; max: number }

export class SparseIndex {
  /** The host array each int32 buffer was uploaded from. */
  private readonly host = new WeakMap<GPUBuffer, Int32Array>();
  /** Sorted forms on the GPU, by the row index's buffer. */
  private readonly sorted = new Map<GPUBuffer, Sorted>();

  constructor(private readonly ctx: GpuContext) {}

  uploaded(buffer: GPUBuffer, data: Int32Array): void {
    this.host.set(buffer, data);
  }

  /** `buffer` is being freed: drop what was built from it. */
  freed(buffer: GPUBuffer): void {
    const h = this.host.get(buffer);
    if (h) forgetSorted(h);
    this.host.delete(buffer);
    for (const [row, s] of this.sorted) if (row === buffer || s.colBuffer === buffer) this.drop(row);
  }

  private drop(row: GPUBuffer): void {
    const s = this.sorted.get(row);
    if (!s) return;
    for (const b of [s.starts, s.entry, s.cols]) this.ctx.free(b);
    this.sorted.delete(row);
  }

  private hostView(v: View<GPUBuffer>): View<TypedArray> | null {
    const data = this.host.get(v.buffer);
    if (!data || v.shape.length !== 1 || (v.shape[0]! > 1 && v.strides[0] !== 1)) return null;
    return { buffer: data, dtype: 'int32', shape: v.shape, strides: v.strides, offset: v.offset };
  }

  private upload(data: Int32Array, op: string): GPUBuffer {
    const b = this.ctx.alloc(Math.max(4, data.byteLength), op);
    if (data.byteLength) this.ctx.write(b, data);
    return b;
  }

  /** The GPU copy of the entries grouped by row, or null when an index is not on the host or out of range. */
  groupedByRow(row: View<GPUBuffer>, col: View<GPUBuffer>, rows: number): Sorted | null {
    const r = this.hostView(row), c = this.hostView(col);
    if (!r || !c) return null;
    const order = rowOrder(r, rows);
    const cols = order && columnsInOrder(order, c);
    if (!order || !cols) return null;
    const hit = this.sorted.get(row.buffer);
    if (hit && hit.colBuffer === col.buffer && hit.order === order) return hit;
    this.drop(row.buffer);
    const s = { starts: this.upload(order.starts, 'spmm'), entry: this.upload(order.entry, 'spmm'), cols: this.upload(cols.cols, 'spmm'), colBuffer: col.buffer, order, min: cols.min, max: cols.max };
    this.sorted.set(row.buffer, s);
    return s;
  }
}

const dense = (ctx: GpuContext, v: View<GPUBuffer>): { buffer: GPUBuffer; offset: number; owned: boolean } =>
  isContiguous(v.shape, v.strides) ? { buffer: v.buffer, offset: v.offset, owned: false } : { buffer: copy(ctx, v, v.dtype), offset: 0, owned: true };

export function spmm(ctx: GpuContext, index: SparseIndex, x: View<GPUBuffer>, w: View<GPUBuffer>, row: View<GPUBuffer>, col: View<GPUBuffer>, rows: number): GPUBuffer {
  const type = wgslType(x.dtype, 'spmm');
  const [N, H, C] = x.shape as [number, number, number];
  const E = row.shape[0]!;
  const s = type === 'f32' ? index.groupedByRow(row, col, rows) : null;
  if (!s || (E > 0 && (s.min < 0 || s.max >= N))) return composed(ctx, x, w, row, col, rows);
  const n = rows * H * C;
  const out = ctx.alloc(n * BYTES_PER_ELEMENT, 'spmm');
  if (n === 0) return out;
  const xs = dense(ctx, x), ws = dense(ctx, w);
  const meta = new Meta();
  meta.push(n, H * C, C, H, xs.offset, ws.offset);
  ctx.run({
    key: 'spmm:csr',
    bindings: [
      { name: 'x', type: 'f32', access: 'read' },
      { name: 'w', type: 'f32', access: 'read' },
      { name: 'starts', type: 'i32', access: 'read' },
      { name: 'entry', type: 'i32', access: 'read' },
      { name: 'cols', type: 'i32', access: 'read' },
      { name: 'out', type: 'f32', access: 'read_write' },
    ],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(n),
    source: () => /* wgsl */ `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
  let hc = params[1];
  let r = i32(i) / hc;
  let f = i32(i) % hc;
  let h = f / params[2];
  var acc = 0.0;
  for (var p = starts[r]; p < starts[r + 1]; p++) {
    acc += w[params[5] + entry[p] * params[3] + h] * x[params[4] + cols[p] * hc + f];
  }
  out[i] = acc;
}`,
  }, [xs.buffer, ws.buffer, s.starts, s.entry, s.cols, out], meta);
  if (xs.owned) ctx.free(xs.buffer);
  if (ws.owned) ctx.free(ws.buffer);
  return out;
}

/** The composite's route: source rows gathered, weighted, scatter-added at their rows (bad indices reported). */
function composed(ctx: GpuContext, x: View<GPUBuffer>, w: View<GPUBuffer>, row: View<GPUBuffer>, col: View<GPUBuffer>, rows: number): GPUBuffer {
  const [, H, C] = x.shape as [number, number, number];
  const E = row.shape[0]!;
  const shape = [E, H, C];
  const perEntry = (v: View<GPUBuffer>): View<GPUBuffer> => ({ ...v, shape, strides: [v.strides[0] ?? 1, 0, 0] });
  const gathered = gather(ctx, x, 0, perEntry(col));
  const msgs = binary(ctx, 'mul', { buffer: gathered, dtype: x.dtype, shape, strides: contiguousStrides(shape), offset: 0 },
    { ...w, shape, strides: [w.strides[0]!, w.strides[1]!, 0] }, shape, x.dtype);
  ctx.free(gathered);
  const out = scatterAdd(ctx, [rows, H, C], 0, perEntry(row), { buffer: msgs, dtype: x.dtype, shape, strides: contiguousStrides(shape), offset: 0 });
  ctx.free(msgs);
  return out;
}
