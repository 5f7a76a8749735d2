import type { Primitive, PrimitiveParams, Tensor } from '@dnn/tensor';
import type { GraphBuilder } from './graph';
import { UnsupportedOpError } from './errors';
import { onnxDataType } from './proto';

export interface EmitContext {
  readonly opset: number;
  /** The traced size of the dynamic batch axis (axis 0 of the inputs), or null for static shapes. */
  readonly batch: number | null;
  /** The graph input whose axis 0 is the dynamic batch, or null. */
  readonly batchOf: string | null;
  readonly modulePath: string | null;
}

type Emit<P extends Primitive> = (g: GraphBuilder, x: string[], p: PrimitiveParams[P], ins: readonly Tensor[], outs: readonly Tensor[], ctx: EmitContext) => string;

const simple = (op: string) => (g: GraphBuilder, x: string[]) => g.node(op, x)[0]!;

const UNARY: Record<string, string> = {
  neg: 'Neg', abs: 'Abs', sign: 'Sign', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', reciprocal: 'Reciprocal', sin: 'Sin', cos: 'Cos',
  tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', erf: 'Erf', floor: 'Floor', ceil: 'Ceil', round: 'Round', logicalNot: 'Not', isnan: 'IsNaN',
};
const BINARY: Record<string, string> = {
  add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', pow: 'Pow', maximum: 'Max', minimum: 'Min', eq: 'Equal', lt: 'Less',
  le: 'LessOrEqual', gt: 'Greater', ge: 'GreaterOrEqual', logicalAnd: 'And', logicalOr: 'Or', logicalXor: 'Xor',
};

/** Composed element-wise ops: ONNX lacks a single node for them. */
const COMPOSED: Record<string, Emit<never>> = {
  rsqrt: (g, [x]) => g.node('Reciprocal', g.node('Sqrt', [x!]))[0]!,
  expm1: (g, [x], _p, ins) => g.node('Sub', [g.node('Exp', [x!])[0]!, g.scalar(1, ins[0]!.dtype)])[0]!,
  log1p: (g, [x], _p, ins) => g.node('Log', [g.node('Add', [x!, g.scalar(1, ins[0]!.dtype)])[0]!])[0]!,
  logSigmoid: (g, [x]) => g.node('Log', g.node('Sigmoid', [x!]))[0]!,
  ne: (g, x) => g.node('Not', g.node('Equal', x))[0]!,
};

/** Reduce nodes: ReduceSum takes axes as an input from opset 13, the others from opset 18. */
function reduce<P extends 'sum' | 'prod' | 'max' | 'min'>(op: string): Emit<P> {
  return (g, [x], p, _ins, _outs, ctx) => {
    const keepdims = p.keepDim ? 1 : 0;
    if (op === 'ReduceSum' || ctx.opset >= 18) return g.node(op, [x!, g.int64s(p.axes, 'axes')], { keepdims })[0]!;
    return g.node(op, [x!], { axes: p.axes, keepdims })[0]!;
  };
}

/**
 * A Reshape target where the dynamic batch size stays symbolic: 0 (copy the input's dimension) when
 * both shapes start with the traced batch size; otherwise, when an input axis is a multiple of that
 * size, -1 (inferred) at the output axis of that size or, failing one, the first multiple of it (a batch
 * merged with another axis, [T, N, C] → [T·N, C]).
 */
function reshapeTarget(inShape: readonly number[], outShape: readonly number[], batch: number | null): number[] {
  if (batch === null || !inShape.some((d) => d % batch === 0 && d > 0)) return [...outShape];
  if (outShape[0] === batch && inShape[0] === batch) return [0, ...outShape.slice(1)];
  let at = outShape.indexOf(batch);
  if (at < 0) at = outShape.findIndex((d) => d % batch === 0 && d > 0);
  return outShape.map((d, i) => (i === at ? -1 : d));
}

/**
 * Expand's target shape. Expand broadcasts both ways, so 1 wherever the input already has the size keeps
 * that axis dynamic; a leading axis of the traced batch size that the input lacks (matmul broadcasting a
 * weight over the batch) takes the batch size of the graph input at run time.
 */
function expandTarget(g: GraphBuilder, inShape: readonly number[], outShape: readonly number[], ctx: EmitContext): string {
  const offset = outShape.length - inShape.length;
  const target = outShape.map((d, i) => (i >= offset && inShape[i - offset] === d ? 1 : d));
  if (ctx.batchOf === null || target[0] !== ctx.batch || target[0] === 1) return g.int64s(target);
  const rest = g.int64s(target.slice(1));
  return g.node('Concat', [g.node('Shape', [ctx.batchOf], { start: 0, end: 1 })[0]!, rest], { axis: 0 })[0]!;
}

function poolAttrs(p: PrimitiveParams['maxPool2d'], inShape: readonly number[]) {
  const [ph, pw] = p.padding;
  // dnn gives the output size; ceil_mode is what reproduces it
  const floorSize = (i: 0 | 1) => Math.floor((inShape[2 + i]! + 2 * p.padding[i] - p.dilation[i] * (p.kernel[i] - 1) - 1) / p.stride[i]) + 1;
  const ceilMode = floorSize(0) !== p.outShape[0] || floorSize(1) !== p.outShape[1] ? 1 : 0;
  return { kernel_shape: p.kernel, strides: p.stride, pads: [ph, pw, ph, pw], ceil_mode: ceilMode };
}

/** Columns [start, start + width) of a matrix. */
function cols(g: GraphBuilder, x: string, start: number, width: number): string {
  return g.node('Slice', [x, g.int64s([start], 'starts'), g.int64s([start + width], 'ends'), g.int64s([1], 'axes')])[0]!;
}

const EMITTERS: { [P in Primitive]?: Emit<P> } = {
  where: simple('Where'),
  cast: (g, [x], p) => g.node('Cast', [x!], { to: onnxDataType(p.dtype, 'a cast') })[0]!,
  sum: reduce('ReduceSum'),
  prod: reduce('ReduceProd'),
  max: reduce('ReduceMax'),
  min: reduce('ReduceMin'),
  argmax: (g, [x], p) => g.node('Cast', g.node('ArgMax', [x!], { axis: p.axis, keepdims: p.keepDim ? 1 : 0 }), { to: 6 })[0]!,
  argmin: (g, [x], p) => g.node('Cast', g.node('ArgMin', [x!], { axis: p.axis, keepdims: p.keepDim ? 1 : 0 }), { to: 6 })[0]!,
  matmul: simple('MatMul'),
  reshape: (g, [x], p, ins, _o, ctx) => g.node('Reshape', [x!, g.int64s(reshapeTarget(ins[0]!.shape, p.shape, ctx.batch))])[0]!,
  permute: (g, [x], p) => g.node('Transpose', [x!], { perm: p.perm })[0]!,
  expand: (g, [x], p, ins, _o, ctx) => g.node('Expand', [x!, expandTarget(g, ins[0]!.shape, p.shape, ctx)])[0]!,
  slice: (g, [x], p, ins) => {
    // only the axes actually cut are listed, so a full batch axis stays dynamic
    const shape = ins[0]!.shape;
    const axes = p.begin.map((_, i) => i).filter((i) => !(p.begin[i] === 0 && p.end[i] === shape[i] && p.step[i] === 1));
    if (axes.length === 0) return g.node('Identity', [x!])[0]!;
    const pick = (v: readonly number[]) => axes.map((i) => v[i]!);
    return g.node('Slice', [x!, g.int64s(pick(p.begin), 'starts'), g.int64s(pick(p.end), 'ends'), g.int64s(axes, 'axes'), g.int64s(pick(p.step), 'steps')])[0]!;
  },
  flip: (g, [x], p) => {
    const n = p.dims.length;
    return g.node('Slice', [x!, g.int64s(Array(n).fill(-1), 'starts'), g.int64s(Array(n).fill(-(2 ** 53)), 'ends'), g.int64s(p.dims, 'axes'), g.int64s(Array(n).fill(-1), 'steps')])[0]!;
  },
  pad: (g, [x], p, ins) => g.node('Pad', [x!, g.int64s([...p.before, ...p.after], 'pads'), g.scalar(p.value, ins[0]!.dtype)])[0]!,
  concat: (g, x, p) => g.node('Concat', x, { axis: p.axis })[0]!,
  gather: (g, x, p) => g.node('GatherElements', x, { axis: p.dim })[0]!,
  conv2d: (g, x, p) => {
    const [ph, pw] = p.padding;
    return g.node('Conv', x, { strides: p.stride, pads: [ph, pw, ph, pw], dilations: p.dilation, group: p.groups })[0]!;
  },
  // the gradient of a convolution with respect to its input is a transposed convolution (convTranspose2d)
  conv2dBackwardInput: (g, x, p, ins) => {
    const [ph, pw] = p.padding;
    const dy = ins[0]!.shape;
    const w = ins[1]!.shape;
    const outputPadding = [0, 1].map((i) => p.xShape[2 + i]! - (p.stride[i]! * (dy[2 + i]! - 1) + p.dilation[i]! * (w[2 + i]! - 1) + 1 - 2 * p.padding[i]!));
    return g.node('ConvTranspose', x, { strides: p.stride, pads: [ph, pw, ph, pw], dilations: p.dilation, group: p.groups, output_padding: outputPadding })[0]!;
  },
  maxPool2d: (g, [x], p, ins) => g.node('MaxPool', [x!], { ...poolAttrs(p, ins[0]!.shape), dilations: p.dilation })[0]!,
  avgPool2d: (g, [x], p, ins, _o, ctx) => {
    if (p.dilation.some((d) => d !== 1)) throw new UnsupportedOpError('avgPool2d', ctx.modulePath, 'with dilation needs opset 19');
    const attrs = poolAttrs(p, ins[0]!.shape);
    if (p.divisorOverride === undefined) return g.node('AveragePool', [x!], { ...attrs, count_include_pad: p.countIncludePad === false ? 0 : 1 })[0]!;
    // a divisor override is the window sum over the divisor: the full-window mean rescaled
    const mean = g.node('AveragePool', [x!], { ...attrs, count_include_pad: 1 })[0]!;
    return g.node('Mul', [mean, g.scalar((p.kernel[0] * p.kernel[1]) / p.divisorOverride, ins[0]!.dtype)])[0]!;
  },
  // a same-shape index and source added into a copy of the base, in index order
  scatterAdd: (g, x, p) => g.node('ScatterElements', x, { axis: p.dim, reduction: 'add' })[0]!,
  // out[row[k]] += weight[k] · x[col[k]] over x [N, H, C], weight [E, H]: Gather the source rows, weight
  // them, and ScatterElements(add) them into zeros [rows, H, C] with the row index expanded to [E, H, C]
  spmm: (g, [x, w, row, col], p, ins) => {
    const dtype = ins[0]!.dtype;
    const messages = g.node('Mul', [g.node('Gather', [x!, col!], { axis: 0 })[0]!, g.node('Unsqueeze', [w!, g.int64s([2], 'axes')])[0]!])[0]!;
    const index = g.node('Expand', [g.node('Reshape', [row!, g.int64s([-1, 1, 1])])[0]!, g.node('Shape', [messages])[0]!])[0]!;
    const dims = g.node('Concat', [g.int64s([p.rows]), g.node('Shape', [x!], { start: 1 })[0]!], { axis: 0 })[0]!;
    let zeros = g.node('ConstantOfShape', [dims])[0]!;
    if (dtype !== 'float32') zeros = g.node('Cast', [zeros], { to: onnxDataType(dtype, 'a sparse product') })[0]!;
    return g.node('ScatterElements', [zeros, index, messages], { axis: 0, reduction: 'add' })[0]!;
  },
  // GAT's logits: LeakyRelu(src[col] + dst[row]), the rows picked with Gather
  edgeLogits: (g, [src, dst, row, col], p) => {
    const z = g.node('Add', [g.node('Gather', [src!, col!], { axis: 0 })[0]!, g.node('Gather', [dst!, row!], { axis: 0 })[0]!])[0]!;
    return g.node('LeakyRelu', [z], { alpha: { float: p.slope } })[0]!;
  },
  // softmax within segments, as the composite: the max through the padded slots (an appended −∞ row),
  // gathered back to the rows, exp, the sums by ScatterElements(add), a division
  segmentSoftmax: (g, [src, ids, slots], p, ins) => {
    const dtype = ins[0]!.dtype, rest = ins[0]!.shape.slice(1), count = p.count;
    const maxSize = ins[2]!.shape[0]! / Math.max(count, 1);
    const at = (t: string, index: string) => g.node('Gather', [t, index], { axis: 0 })[0]!;
    const negInf = g.node('Expand', [g.scalar(-Infinity, dtype), g.int64s([1, ...rest])])[0]!;
    const padded = g.node('Concat', [src!, negInf], { axis: 0 })[0]!;
    const m = g.node('ReduceMax', [g.node('Reshape', [at(padded, slots!), g.int64s([count, maxSize, ...rest])])[0]!], { axes: [1], keepdims: 0 })[0]!;
    const e = g.node('Exp', [g.node('Sub', [src!, at(m, ids!)])[0]!])[0]!;
    const index = g.node('Expand', [g.node('Reshape', [ids!, g.int64s([-1, ...rest.map(() => 1)])])[0]!, g.node('Shape', [e])[0]!])[0]!;
    const zeros = g.node('Expand', [g.scalar(0, dtype), g.int64s([count, ...rest])])[0]!;
    const sums = g.node('ScatterElements', [zeros, index, e], { axis: 0, reduction: 'add' })[0]!;
    return g.node('Div', [e, g.node('Add', [at(sums, ids!), g.scalar(1e-16, dtype)])[0]!])[0]!;
  },
  // fused recurrent cells, written out from their gate formulas (PyTorch's gate order)
  lstmCell: (g, [gates, c, gh], _p, ins) => {
    const H = ins[1]!.shape[1]!;
    const pre = gh ? g.node('Add', [gates!, gh])[0]! : gates!;
    const [i, f, cand, o] = [0, 1, 2, 3].map((k) => g.node(k === 2 ? 'Tanh' : 'Sigmoid', [cols(g, pre, k * H, H)])[0]!);
    const next = g.node('Add', [g.node('Mul', [f!, c!])[0]!, g.node('Mul', [i!, cand!])[0]!])[0]!;
    const h = g.node('Mul', [o!, g.node('Tanh', [next])[0]!])[0]!;
    return g.node('Concat', [h, next], { axis: 1 })[0]!;
  },
  gruCell: (g, [gi, gh, h], _p, ins) => {
    const H = ins[2]!.shape[1]!;
    const part = (k: number) => [cols(g, gi!, k * H, H), cols(g, gh!, k * H, H)] as const;
    const [r, z] = [0, 1].map((k) => g.node('Sigmoid', [g.node('Add', [...part(k)])[0]!])[0]!);
    const [ni, nh] = part(2);
    const n = g.node('Tanh', [g.node('Add', [ni, g.node('Mul', [r!, nh])[0]!])[0]!])[0]!;
    // (1 − z)⊙n + z⊙h
    return g.node('Add', [n, g.node('Mul', [z!, g.node('Sub', [h!, n])[0]!])[0]!])[0]!;
  },
  softmax: (g, [x], p) => g.node(p.log ? 'LogSoftmax' : 'Softmax', [x!], { axis: p.dim })[0]!,
  // a layer's bias and activation (fused in dnn): the bias reshaped to broadcast along its axis, Add, then the activation
  biasActivation: (g, [x, b], p, ins) => {
    const sum = biasAdded(g, x!, b!, p.axis, ins[0]!.shape, ins[1]!.shape);
    if (p.activation === 'identity') return sum;
    return g.node({ relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh' }[p.activation], [sum])[0]!;
  },
};

/**
 * x + bias along `axis`, written the way PyTorch's exporter would: a Conv that only this op reads takes
 * the bias as its B input (the fused Conv2d + activation exports as Conv(B) + Relu), a bias along the
 * last axis broadcasts as it is, and any other axis reshapes the bias first.
 */
function biasAdded(g: GraphBuilder, x: string, b: string, axis: number, xShape: readonly number[], bShape: readonly number[]): string {
  const producer = g.nodes.find((n) => n.output[0] === x);
  const onlyReader = !g.nodes.some((n) => n.input.includes(x));
  if (producer?.opType === 'Conv' && producer.input.length === 2 && axis === 1 && bShape.length === 1 && onlyReader) {
    producer.input.push(b);
    return x;
  }
  if (axis === xShape.length - 1 && bShape.length === 1) return g.node('Add', [x, b])[0]!;
  const shape = xShape.map((d, i) => (i === axis ? d : 1));
  return g.node('Add', [x, g.node('Reshape', [b, g.int64s(shape)])[0]!])[0]!;
}

/** Writes the ONNX nodes of one traced primitive; returns the value name of its (first) output. */
export function emitPrimitive<P extends Primitive>(
  g: GraphBuilder, prim: P, ins: readonly Tensor[], params: PrimitiveParams[P], outs: readonly Tensor[], ctx: EmitContext,
): string {
  const names = ins.map((t) => g.nameOf(t));
  if (UNARY[prim]) return g.node(UNARY[prim], names)[0]!;
  if (BINARY[prim]) return g.node(BINARY[prim], names)[0]!;
  const emit = (COMPOSED[prim] ?? EMITTERS[prim]) as Emit<P> | undefined;
  if (!emit) throw new UnsupportedOpError(prim, ctx.modulePath);
  return emit(g, names, params, ins, outs, ctx);
}
