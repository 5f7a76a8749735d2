import type { Tensor } from '@dnn/tensor';
import { DATA_TYPE, ATTRIBUTE_TYPE, onnxDataType } from './proto';
import type { AttributeMessage, NodeMessage, TensorMessage } from './proto';

export type AttributeValue = number | readonly number[] | string | { float: number };

/** Bytes of a typed array, little-endian as ONNX's raw_data wants (every supported host is little-endian). */
function rawBytes(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

function attribute(name: string, value: AttributeValue): AttributeMessage {
  if (typeof value === 'number') return { name, type: ATTRIBUTE_TYPE.int, i: value };
  if (typeof value === 'string') return { name, type: ATTRIBUTE_TYPE.string, s: new TextEncoder().encode(value) };
  if ('float' in value) return { name, type: ATTRIBUTE_TYPE.float, f: value.float };
  return { name, type: ATTRIBUTE_TYPE.ints, ints: [...value] };
}

/**
 * The graph being written: every traced tensor gets a value name, nodes are appended in trace order, and
 * a tensor seen as an input before any node produced it becomes an initializer (a parameter under its
 * state-dict name, any other constant under a fresh one).
 */
export class GraphBuilder {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  private readonly names = new Map<Tensor, string>();
  private counter = 0;

  constructor(
    private readonly constantNames: ReadonlyMap<Tensor, string>,
    /** The dynamic batch: its traced size and the graph input whose axis 0 carries it, or null. */
    private readonly batch: { size: number; input: string } | null = null,
  ) {}

  /**
   * A float32 constant of zeros with an axis of the traced batch size (an initial hidden state) is
   * written as ConstantOfShape over the run-time batch size, so it follows the input's batch.
   */
  private batchSizedZeros(t: Tensor): string | null {
    const { size, input } = this.batch!;
    if (t.dtype !== 'float32' || !t.shape.includes(size) || t.dataSync().some((v) => v !== 0)) return null;
    const runtime = this.node('Shape', [input], { start: 0, end: 1 })[0]!;
    const dims = t.shape.map((d) => (d === size ? runtime : this.int64s([d])));
    return this.node('ConstantOfShape', this.node('Concat', dims, { axis: 0 }))[0]!;
  }

  fresh(hint: string): string {
    return `${hint}_${this.counter++}`;
  }

  bind(t: Tensor, name: string): void {
    this.names.set(canonical(t), name);
  }

  /** The value name of a tensor, making it an initializer when no node produced it. */
  nameOf(t: Tensor): string {
    const key = canonical(t);
    const known = this.names.get(key);
    if (known !== undefined) return known;
    const param = this.constantNames.get(key);
    if (param === undefined && this.batch !== null) {
      const zeros = this.batchSizedZeros(t);
      if (zeros !== null) {
        this.names.set(key, zeros);
        return zeros;
      }
    }
    const name = param ?? this.fresh('const');
    this.initializers.push({ name, dims: [...t.shape], dataType: onnxDataType(t.dtype, `constant '${name}'`), rawData: rawBytes(t.dataSync()) });
    this.names.set(key, name);
    return name;
  }

  /** An int64 initializer (shapes, axes, pads). */
  int64s(values: readonly number[], hint = 'shape'): string {
    const name = this.fresh(hint);
    const data = new BigInt64Array(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims: [values.length], dataType: DATA_TYPE.int64, rawData: rawBytes(data) });
    return name;
  }

  /** A scalar initializer of a dnn dtype. */
  scalar(value: number, dtype: Tensor['dtype']): string {
    const name = this.fresh('scalar');
    const dataType = onnxDataType(dtype, 'a scalar');
    const arrays = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;
    this.initializers.push({ name, dims: [], dataType, rawData: rawBytes(arrays[dtype as keyof typeof arrays].of(value)) });
    return name;
  }

  /** Appends a node; returns its output names (fresh ones unless given). */
  node(opType: string, inputs: readonly string[], attrs: Record<string, AttributeValue> = {}, outputs?: readonly string[]): string[] {
    const outs = outputs ? [...outputs] : [this.fresh(opType.toLowerCase())];
    this.nodes.push({
      name: this.fresh(`${opType}_node`), opType, input: [...inputs], output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }
}

/** A handle (a saved view of a tensor) stands for the tensor it was made from. */
export function canonical(t: Tensor): Tensor {
  return (t.source as Tensor | null) ?? t;
}
