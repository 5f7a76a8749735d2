import {
  Device, ShapeError, ValueError, concat, keep, fmtShape, fromTypedArray, full, indexSelect, segmentSoftmax, segmentSum, where,
  type Tensor,
} from '@dnn/tensor';
import { hostArray } from './host-array';

/** What a segment reduction needs on one device, built once from the host ids. */
interface DeviceTables {
  ids: Tensor;
  /** [count·maxSize] positions into the rows, padding slots point at one extra row (`rows`). */
  slots: Tensor;
  /** [count] 1 where a segment is non-empty. */
  nonEmpty: Tensor;
  /** [count] max(size, 1), the divisor of a mean. */
  divisor: Map<string, Tensor>;
}

/**
 * A partition of `rows` items (edges, nodes) into `count` segments (target nodes, graphs) by an id
 * per item. Reductions are written with gather and scatter-add only, so autograd differentiates
 * them: sum and mean scatter-add; max gathers the rows into a padded [count, maxSize] layout whose
 * padding reads a −∞ row, and reduces it; softmax is the fused `segmentSoftmax` (its composite takes
 * the per-segment max through the same padded layout). Empty segments give 0, as in PyG.
 */
export class Segments {
  readonly sizes: Int32Array;
  readonly maxSize: number;
  private readonly tables = new Map<Device, DeviceTables>();

  constructor(readonly ids: Int32Array, readonly count: number, readonly what = 'segments') {
    this.sizes = new Int32Array(count);
    for (let i = 0; i < ids.length; i++) {
      const s = ids[i]!;
      if (!(s >= 0 && s < count)) throw new ValueError(`${what}: id ${s} at position ${i} is outside [0, ${count})`);
      this.sizes[s]!++;
    }
    let m = 0;
    for (let s = 0; s < count; s++) m = Math.max(m, this.sizes[s]!);
    this.maxSize = m;
  }

  get rows(): number {
    return this.ids.length;
  }

  private on(device: Device): DeviceTables {
    let t = this.tables.get(device);
    if (!t) {
      const slots = new Int32Array(this.count * this.maxSize).fill(this.rows);
      const fillCount = new Int32Array(this.count);
      for (let i = 0; i < this.rows; i++) {
        const s = this.ids[i]!;
        slots[s * this.maxSize + fillCount[s]!++] = i;
      }
      const nonEmpty = Uint8Array.from(this.sizes, (n) => (n > 0 ? 1 : 0));
      t = {
        ids: keep(fromTypedArray(this.ids, [this.rows], { dtype: 'int32', device })),
        slots: keep(fromTypedArray(slots, [slots.length], { dtype: 'int32', device })),
        nonEmpty: keep(fromTypedArray(nonEmpty, [this.count], { dtype: 'bool', device })),
        divisor: new Map(),
      };
      this.tables.set(device, t);
    }
    return t;
  }

  /** Frees the index tables built on every device. */
  dispose(): void {
    for (const t of this.tables.values()) {
      t.ids.dispose(); t.slots.dispose(); t.nonEmpty.dispose();
      for (const d of t.divisor.values()) d.dispose();
    }
    this.tables.clear();
  }

  private check(src: Tensor, op: string): void {
    if (src.rank < 1 || src.shape[0] !== this.rows) {
      throw new ShapeError(`${this.what}.${op}: expected ${this.rows} rows, got ${fmtShape(src.shape)}`);
    }
  }

  /** The segment id of every row, as an int32 tensor on `device`. */
  idTensor(device: Device): Tensor {
    return this.on(device).ids;
  }

  /** Row i of the result is row ids[i] of `perSegment` ([count, …] → [rows, …]). */
  broadcast(perSegment: Tensor): Tensor {
    return indexSelect(perSegment, 0, this.on(perSegment.device).ids);
  }

  /** out[s] = Σ_{i: ids[i] = s} src[i]. */
  sum(src: Tensor): Tensor {
    this.check(src, 'sum');
    return segmentSum(src, this.on(src.device).ids, this.count);
  }

  /** out[s] = mean of the rows of segment s (0 for an empty segment). */
  mean(src: Tensor): Tensor {
    this.check(src, 'mean');
    const tables = this.on(src.device);
    let d = tables.divisor.get(src.dtype);
    if (!d) {
      d = keep(fromTypedArray(hostArray(Float64Array.from(this.sizes, (n) => Math.max(n, 1)), src.dtype), [this.count], { dtype: src.dtype, device: src.device }));
      tables.divisor.set(src.dtype, d);
    }
    return this.sum(src).div(d.reshape([this.count, ...src.shape.slice(1).map(() => 1)]));
  }

  /** out[s] = element-wise max of the rows of segment s (0 for an empty segment). */
  max(src: Tensor): Tensor {
    this.check(src, 'max');
    const rest = src.shape.slice(1);
    if (this.maxSize === 0) return full([this.count, ...rest], 0, { dtype: src.dtype, device: src.device });
    const tables = this.on(src.device);
    const padded = concat([src, full([1, ...rest], -Infinity, { dtype: src.dtype, device: src.device })], 0);
    const m = indexSelect(padded, 0, tables.slots).reshape([this.count, this.maxSize, ...rest]).max(1);
    return where(tables.nonEmpty.reshape([this.count, ...rest.map(() => 1)]), m, 0);
  }

  /**
   * Softmax of `src` within each segment along the rows (PyG's `softmax(src, index)`):
   * exp(src − max_s) / (Σ_s exp(src − max_s) + 1e-16), one fused op (`segmentSoftmax`) where the
   * backend has the kernel, else composed from the padded layout's max, exp and segment sums.
   */
  softmax(src: Tensor): Tensor {
    this.check(src, 'softmax');
    const tables = this.on(src.device);
    return segmentSoftmax(src, tables.ids, this.count, tables.slots);
  }
}
