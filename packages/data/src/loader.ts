import { fromWriterAsync, tensor, ShapeError, type Device, type Tensor } from '@dnn/tensor';
import { isBatchSource, type BatchSource, type Dataset, type Sample } from './dataset';
import { seededRandom, type Random } from './random';
import { batchCount, batchIndices, epochOrder } from './sampler';
import { valueMapOf, type Transform } from './transforms';

export interface DataLoaderOptions {
  /** Samples per batch (default 1, as in PyTorch). */
  batchSize?: number;
  /** Reorder the samples every epoch, reproducibly from (seed, epoch). Default false. */
  shuffle?: boolean;
  /** Seeds the shuffle and the transforms' random stream. Default 0. */
  seed?: number | string;
  /** Drop the last batch when it is smaller than batchSize. Default false. */
  dropLast?: boolean;
  /** Runs on each batch's Float32Array [B, ...sampleShape] before it becomes a tensor. */
  transform?: Transform;
  /** Where the batch tensors are made; default the default device. */
  device?: Device;
}

/** One batch. x and y belong to the consumer: the loader never disposes them. */
export interface Batch {
  /** float32 [B, ...sampleShape], e.g. [B, 1, 28, 28]. */
  x: Tensor;
  /** int32 [B] class labels (or float32 [B, ...] targets of a TensorDataset). */
  y: Tensor;
  /** Which samples of the dataset are in this batch, in order. */
  indices: Int32Array;
  epoch: number;
  /** Position of this batch in its epoch. */
  index: number;
}

/** A batch as plain arrays: what the prefetch prepares, before any tensor exists. */
interface HostBatch {
  x: Float32Array;
  xShape: readonly number[];
  y: Int32Array | Float32Array;
  yShape: readonly number[];
  indices: Int32Array;
}

/** A batch made ahead of its turn: its tensors exist (the iterator disposes them if it is closed first). */
interface ReadyBatch {
  x: Tensor;
  y: Tensor;
  indices: Int32Array;
}

/**
 * Iterates a dataset in batches: `for await (const { x, y } of loader)`. Each iteration is one
 * epoch; epochs count up from `epoch` (set it to resume). While the consumer works on batch k,
 * batch k+1 is already being assembled (one batch of prefetch, scheduled as a microtask, so it
 * fills the gaps while the consumer awaits). Batches are assembled as typed arrays and turned
 * into tensors only when handed out, so the loader owns no tensor at any time: stopping early
 * leaks nothing, and the consumer disposes what it was given.
 */
export class DataLoader implements AsyncIterable<Batch> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number | string;
  readonly dropLast: boolean;
  /** The epoch the next iteration will run (0 at first). */
  epoch = 0;
  private readonly transform: Transform | undefined;
  private readonly device: Device | undefined;

  constructor(
    readonly dataset: Dataset<Sample> | BatchSource,
    options: DataLoaderOptions = {},
  ) {
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.seed = options.seed ?? 0;
    this.dropLast = options.dropLast ?? false;
    this.transform = options.transform;
    this.device = options.device;
  }

  /** Batches per epoch. */
  get length(): number {
    return batchCount(this.dataset.length, this.batchSize, this.dropLast);
  }

  [Symbol.asyncIterator](): AsyncIterator<Batch> {
    const epoch = this.epoch++;
    const order = epochOrder(this.dataset.length, { shuffle: this.shuffle, seed: this.seed, epoch });
    // one stream per epoch, drawn batch by batch in order, so transforms are reproducible too
    const random = seededRandom(this.seed, epoch, 'transform');
    const total = this.length;
    let index = 0;
    const prepare = (b: number): Promise<ReadyBatch> | null => {
      if (b >= total) return null;
      const p = Promise.resolve().then(() => this.assemble(batchIndices(order, b, this.batchSize), random));
      // a failure is reported by the next() that awaits it; until then it must not count as unhandled
      p.catch(() => {});
      return p;
    };
    let pending = prepare(0);
    return {
      next: async (): Promise<IteratorResult<Batch>> => {
        if (pending === null) return { done: true, value: undefined };
        const current = pending;
        pending = null;
        const ready = await current;
        const b = index++;
        pending = prepare(index);
        return { done: false, value: { ...ready, epoch, index: b } };
      },
      return: async (): Promise<IteratorResult<Batch>> => {
        // the batch made ahead is nobody's: its tensors go before the loop goes on (a failed one made none)
        const ahead = pending;
        pending = null;
        const made = await ahead?.catch(() => null);
        if (made) {
          made.x.dispose();
          made.y.dispose();
        }
        return { done: true, value: undefined };
      },
    };
  }

  private async assemble(indices: Int32Array, random: Random): Promise<ReadyBatch> {
    const ds = this.dataset;
    const map = valueMapOf(this.transform);
    if (isBatchSource(ds) && (this.transform === undefined || (map && ds.fillBatchMapped))) return this.intoTensors(ds, indices, map);
    const host = isBatchSource(ds) ? await this.fromSource(ds, indices) : await this.fromSamples(ds, indices);
    if (this.transform === undefined) return this.toTensors(host);
    const out = this.transform({ data: host.x, shape: host.xShape }, random);
    return this.toTensors({ ...host, x: out.data, xShape: out.shape });
  }

  /**
   * Fast path: the dataset writes the batch straight into the new tensor's storage (on the CPU device,
   * memory the kernels read in place, so the batch is never copied on its way in), with a per-value
   * transform folded in when `map` is given.
   */
  private async intoTensors(src: BatchSource, indices: Int32Array, map?: (v: number) => number): Promise<ReadyBatch> {
    // the targets are a value or a few per sample: an ordinary array
    const { xShape, yShape, y } = batchLayout(src, indices.length);
    const device = this.device;
    const x = await fromWriterAsync(xShape, (data) => (map ? src.fillBatchMapped!(indices, data as Float32Array, y, map) : src.fillBatch(indices, data as Float32Array, y)), { dtype: 'float32', device });
    return { x, y: tensor(y, { shape: yShape, dtype: src.targetDType, device }), indices: indices.slice() };
  }

  /** The dataset writes the batch into fresh host arrays, for a transform to work on. */
  private async fromSource(src: BatchSource, indices: Int32Array): Promise<HostBatch> {
    const { xShape, yShape, y } = batchLayout(src, indices.length);
    const x = new Float32Array(numel(xShape));
    await src.fillBatch(indices, x, y);
    return { x, xShape, y, yShape, indices: indices.slice() };
  }

  /**
   * General path: reads each sample's tensors and stacks them. The samples are the dataset's
   * (it may cache them), so they are not disposed here; a dataset whose get() allocates should
   * implement BatchSource instead.
   */
  private async fromSamples(ds: Dataset<Sample>, indices: Int32Array): Promise<HostBatch> {
    const samples = Array.from(indices, (i) => ds.get(i));
    const first = samples[0]!;
    const n = samples.length;
    const xShape = [n, ...first.x.shape];
    const yShape = [n, ...first.y.shape];
    const xRow = first.x.size;
    const yRow = first.y.size;
    const x = new Float32Array(n * xRow);
    const y = first.y.dtype === 'int32' || first.y.dtype === 'bool' ? new Int32Array(n * yRow) : new Float32Array(n * yRow);
    for (let k = 0; k < n; k++) {
      const { x: sx, y: sy } = samples[k]!;
      if (!sameShape(sx.shape, first.x.shape) || !sameShape(sy.shape, first.y.shape)) {
        throw new ShapeError(
          `DataLoader: sample ${indices[k]} has x [${sx.shape.join(',')}], y [${sy.shape.join(',')}]; ` +
            `the batch has x [${first.x.shape.join(',')}], y [${first.y.shape.join(',')}]`,
        );
      }
      // set() converts between typed array kinds (bool's Uint8Array, int32, float64 → float32)
      x.set(await sx.data(), k * xRow);
      y.set(await sy.data(), k * yRow);
    }
    return { x, xShape, y, yShape, indices: indices.slice() };
  }

  private toTensors(host: HostBatch): ReadyBatch {
    const device = this.device;
    return {
      x: tensor(host.x, { shape: host.xShape, dtype: 'float32', device }),
      y: tensor(host.y, { shape: host.yShape, dtype: host.y instanceof Int32Array ? 'int32' : 'float32', device }),
      indices: host.indices,
    };
  }
}

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A batch of n samples from `src`: its shapes, and a fresh target array for the dataset to fill. */
function batchLayout(src: BatchSource, n: number): { xShape: number[]; yShape: number[]; y: Int32Array | Float32Array } {
  const xShape = [n, ...src.sampleShape], yShape = [n, ...src.targetShape];
  return { xShape, yShape, y: src.targetDType === 'int32' ? new Int32Array(numel(yShape)) : new Float32Array(numel(yShape)) };
}
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
