import { tensor, ShapeError, type Device, type Tensor } from '@dnn/tensor';

/** Anything indexable by sample: `length` samples, `get(i)` the i-th (0 ≤ i < length). */
export interface Dataset<T> {
  readonly length: number;
  get(i: number): T;
}

/** A supervised sample: input and target. */
export interface Sample {
  x: Tensor;
  y: Tensor;
}

/**
 * The DataLoader's fast path: a dataset that writes a whole batch straight into the loader's
 * arrays, so no tensor is made per sample. Row k of `x` gets sample indices[k] (float32,
 * sampleShape), row k of `y` its target (targetShape, int32 or float32).
 */
export interface BatchSource {
  readonly length: number;
  readonly sampleShape: readonly number[];
  readonly targetShape: readonly number[];
  readonly targetDType: 'int32' | 'float32';
  fillBatch(indices: Int32Array, x: Float32Array, y: Int32Array | Float32Array): void | Promise<void>;
  /**
   * Optional: fillBatch with every value of `x` sent through `map` (rounded to float32) on the way,
   * the same bits as fillBatch then `map` on each value. The DataLoader calls it for a per-value
   * transform (see ValueTransform), saving a pass over the batch.
   */
  fillBatchMapped?(indices: Int32Array, x: Float32Array, y: Int32Array | Float32Array, map: (v: number) => number): void | Promise<void>;
}

export function isBatchSource(d: unknown): d is BatchSource {
  return typeof (d as Partial<BatchSource> | null)?.fillBatch === 'function';
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function checkIndex(i: number, length: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= length) throw new RangeError(`${what}: index ${i} is out of range [0, ${length})`);
}

/** Grayscale images as bytes, `count` of rows×cols, and a label each: what fashionMnist() gives. */
export interface ImageArrays {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows?: number;
  cols?: number;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

// byte → [0, 1] as torchvision's ToTensor computes it (v / 255), looked up instead of divided
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/**
 * Images in [0, 1] as float32 [1, rows, cols] with int32 class labels. `get(i)` makes two small
 * tensors (the caller owns them); the DataLoader skips that and copies bytes into its batch.
 */
export class ImageDataset implements Dataset<Sample>, BatchSource {
  readonly length: number;
  readonly sampleShape: readonly number[];
  readonly targetShape: readonly number[] = [];
  readonly targetDType = 'int32' as const;
  private readonly images: Uint8Array;
  private readonly labels: Uint8Array;
  private readonly pixels: number;
  /** The pixels as 32-bit words when every image starts on a word and the platform is little-endian. */
  private readonly words: Uint32Array | null;

  constructor(arrays: ImageArrays, private readonly options: { device?: Device } = {}) {
    const rows = arrays.rows ?? 28;
    const cols = arrays.cols ?? 28;
    this.pixels = rows * cols;
    if (arrays.images.length !== arrays.count * this.pixels) {
      throw new ShapeError(`ImageDataset: ${arrays.images.length} bytes are not ${arrays.count} images of ${rows}x${cols}`);
    }
    if (arrays.labels.length !== arrays.count) {
      throw new ShapeError(`ImageDataset: ${arrays.labels.length} labels for ${arrays.count} images`);
    }
    this.length = arrays.count;
    this.sampleShape = [1, rows, cols];
    this.images = arrays.images;
    this.labels = arrays.labels;
    this.words = LITTLE_ENDIAN && this.pixels % 4 === 0 && this.images.byteOffset % 4 === 0
      ? new Uint32Array(this.images.buffer, this.images.byteOffset, this.images.length >> 2)
      : null;
  }

  get(i: number): Sample {
    checkIndex(i, this.length, 'ImageDataset.get');
    const x = new Float32Array(this.pixels);
    this.fillBatch(Int32Array.of(i), x, new Int32Array(1));
    const { device } = this.options;
    return {
      x: tensor(x, { shape: this.sampleShape, dtype: 'float32', device }),
      y: tensor(Int32Array.of(this.labels[i]!), { shape: [], dtype: 'int32', device }),
    };
  }

  fillBatch(indices: Int32Array, x: Float32Array, y: Int32Array | Float32Array): void {
    this.fillThrough(UNIT, indices, x, y);
  }

  /** A byte has 256 values: `map` is applied to the table, and the batch is written in one pass. */
  fillBatchMapped(indices: Int32Array, x: Float32Array, y: Int32Array | Float32Array, map: (v: number) => number): void {
    if (this.mapped?.map !== map) this.mapped = { map, table: UNIT.map(map) };
    this.fillThrough(this.mapped.table, indices, x, y);
  }

  private mapped: { map: (v: number) => number; table: Float32Array } | undefined;

  private fillThrough(table: Float32Array, indices: Int32Array, x: Float32Array, y: Int32Array | Float32Array): void {
    const { images, labels, pixels, length, words } = this;
    // the table's float32 bits are copied as integers: the same bits as storing each value, without
    // converting every pixel to float64 and back
    const bits = new Int32Array(table.buffer, table.byteOffset, 256);
    const out = new Int32Array(x.buffer, x.byteOffset, x.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      checkIndex(i, length, 'ImageDataset');
      let dst = k * pixels;
      if (words) {
        // four pixels per read, the first in the low byte (little-endian only, see words)
        for (let s = (i * pixels) >> 2, end = s + (pixels >> 2); s < end; s++, dst += 4) {
          const w = words[s]!;
          out[dst] = bits[w & 255]!;
          out[dst + 1] = bits[(w >>> 8) & 255]!;
          out[dst + 2] = bits[(w >>> 16) & 255]!;
          out[dst + 3] = bits[w >>> 24]!;
        }
      } else {
        for (let src = i * pixels, end = src + pixels; src < end; src++, dst++) out[dst] = bits[images[src]!]!;
      }
      y[k] = labels[i]!;
    }
  }
}

/**
 * Samples along the first dim of tensors: x [N, ...] and y [N, ...]. `get(i)` returns views
 * (no copy). For batches it reads both tensors to the host once, at the first batch, and
 * copies rows from there: a snapshot, so later in-place changes to x or y are not seen.
 */
export class TensorDataset implements Dataset<Sample>, BatchSource {
  readonly length: number;
  readonly sampleShape: readonly number[];
  readonly targetShape: readonly number[];
  readonly targetDType: 'int32' | 'float32';
  private host: Promise<[ArrayLike<number>, ArrayLike<number>]> | null = null;

  constructor(
    readonly x: Tensor,
    readonly y: Tensor,
  ) {
    if (x.rank === 0 || y.rank === 0 || x.shape[0] !== y.shape[0]) {
      throw new ShapeError(`TensorDataset: x [${x.shape.join(',')}] and y [${y.shape.join(',')}] need the same first dim`);
    }
    this.length = x.shape[0]!;
    this.sampleShape = x.shape.slice(1);
    this.targetShape = y.shape.slice(1);
    this.targetDType = y.dtype === 'int32' || y.dtype === 'bool' ? 'int32' : 'float32';
  }

  get(i: number): Sample {
    checkIndex(i, this.length, 'TensorDataset.get');
    return { x: this.x.select(0, i), y: this.y.select(0, i) };
  }

  async fillBatch(indices: Int32Array, x: Float32Array, y: Int32Array | Float32Array): Promise<void> {
    this.host ??= Promise.all([this.x.data(), this.y.data()]);
    const [hx, hy] = await this.host;
    copyRows(hx, x, indices, size(this.sampleShape), this.length, 'TensorDataset');
    copyRows(hy, y, indices, size(this.targetShape), this.length, 'TensorDataset');
  }
}

function copyRows(
  src: ArrayLike<number>,
  dst: { [k: number]: number },
  indices: Int32Array,
  row: number,
  length: number,
  what: string,
): void {
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    checkIndex(i, length, what);
    for (let p = 0; p < row; p++) dst[k * row + p] = Number(src[i * row + p]);
  }
}

/**
 * The samples of `dataset` at `indices` (e.g. one part of split()). When the dataset has the
 * fast path, so does the subset: the BatchSource fields below are set only then.
 */
export class Subset<T> implements Dataset<T> {
  readonly length: number;
  readonly sampleShape?: readonly number[];
  readonly targetShape?: readonly number[];
  readonly targetDType?: 'int32' | 'float32';
  readonly fillBatch?: BatchSource['fillBatch'];
  readonly fillBatchMapped?: BatchSource['fillBatchMapped'];

  constructor(
    readonly dataset: Dataset<T>,
    readonly indices: Int32Array | readonly number[],
  ) {
    for (const i of indices) checkIndex(i, dataset.length, 'Subset');
    this.length = indices.length;
    if (isBatchSource(dataset)) {
      this.sampleShape = dataset.sampleShape;
      this.targetShape = dataset.targetShape;
      this.targetDType = dataset.targetDType;
      this.fillBatch = (idx, x, y) => dataset.fillBatch(Int32Array.from(idx, (i) => this.baseIndex(i)), x, y);
      const mapped = dataset.fillBatchMapped?.bind(dataset);
      if (mapped) this.fillBatchMapped = (idx, x, y, map) => mapped(Int32Array.from(idx, (i) => this.baseIndex(i)), x, y, map);
    }
  }

  get(i: number): T {
    return this.dataset.get(this.baseIndex(i));
  }

  private baseIndex(i: number): number {
    checkIndex(i, this.length, 'Subset');
    return this.indices[i]!;
  }
}
