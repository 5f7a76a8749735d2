import type { DType } from '../dtype';
import type { Conv2dSpec, Pool2dSpec } from '../backend/contract';
import type { BinaryOp, UnaryOp } from './elementwise';

export interface ReduceParams {
  /** Sorted, non-negative axes to reduce. */
  readonly axes: readonly number[];
  readonly keepDim: boolean;
}

type NoParams = Record<string, never>;

/** The activations a layer's output can be fused with (see the `biasActivation` primitive). */
export type Activation = 'identity' | 'relu' | 'sigmoid' | 'tanh';

/**
 * Every primitive dnn records on the tape, with its parameters: the element-wise ops of the table in
 * elementwise.ts, then the others. The dispatch table (dispatch.ts) and the gradient table
 * (autograd/rules.ts) are typed `{ [P in Primitive]: … }`: add a primitive here and the compiler lists
 * what is still missing. Everything else (losses, layer norm, gelu…) is composed from these.
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
  /** softmax (or log-softmax, `log`) along `dim`: the backend's optional kernel, or composed. */
  softmax: { readonly dim: number; readonly log: boolean };
  /**
   * Sparse × dense product over COO entries [x, weight, row, col] (x [N, H, C], weight [E, H], int32
   * row/col [E]): out[row[k], h] += weight[k, h] · x[col[k], h], in entry order, into `rows` rows.
   * The backend's optional kernel, or composed from gather, mul and scatter-add.
   */
  spmm: { readonly rows: number };
  /**
   * Sampled dense-dense product over COO entries [a, b, row, col] (a [R, H, C], b [N, H, C], int32
   * row/col [E]): out[k, h] = Σ_c a[row[k], h, c] · b[col[k], h, c], [E, H] (spmm's weight gradient,
   * attention scores). The backend's optional kernel, or composed from gather, mul and sum.
   */
  sddmm: NoParams;
  /**
   * Softmax of [src [E, …], ids [E], slots] within the segments given by int32 `ids` (one per row, in
   * [0, count)): exp(src − max_s) / (Σ_s exp(src − max_s) + 1e-16). `slots` [count · maxSize] lists each
   * segment's rows padded with E (the layout in which the composite takes the per-segment max). The
   * backend's optional kernel, or composed.
   */
  segmentSoftmax: { readonly count: number };
  /**
   * Attention logits per COO entry from [src [N, …], dst [R, …], row [E], col [E]] (int32):
   * out[k] = LeakyReLU(src[col[k]] + dst[row[k]]) with `slope` below 0, [E, …]. The backend's optional
   * kernel, or composed from gathers, add and where.
   */
  edgeLogits: { readonly slope: number };
  /**
   * One LSTM step's gates and state update, fused: [gates [N, 4H] (i, f, g, o pre-activations), c [N, H]]
   * or [gates, c, gh [N, 4H]] (pre-activations gates + gh) → [N, 2H] holding h' = σ(o)⊙tanh(c') then
   * c' = σ(f)⊙c + σ(i)⊙tanh(g). Kernel or composed.
   */
  lstmCell: NoParams;
  /**
   * One GRU step, fused: [gi [N, 3H], gh [N, 3H], h [N, H]] → h' = n + z⊙(h − n) with r = σ(gi_r + gh_r),
   * z = σ(gi_z + gh_z), n = tanh(gi_n + r⊙gh_n). Kernel or composed.
   */
  gruCell: NoParams;
  /**
   * One recurrent layer-direction over all T steps (primitives/rnn-sequence.ts): `cell` 'lstm' takes
   * [gi [T, N, 4H], h0 [N, P], c0 [N, H], W_hh [4H, P], (W_hr [P, H])], 'gru' takes [gi [T, N, 3H],
   * h0 [N, H], W_hh [3H, H], (b_hh [3H])]; → the flat [output [T, N, P], hN (, cN)] and the saved steps.
   * `reverse` runs t = T−1…0; `lengths` (one per sequence) leave padded steps' state and gradient alone.
   */
  rnnSequence: { readonly cell: 'lstm' | 'gru'; readonly reverse: boolean; readonly lengths: readonly number[] | null; readonly bias?: boolean };
  /**
   * Softmax cross-entropy, fused: [logits [N, C], int32 target [N]] → [loss [N], softmax − onehot [N, C]]
   * with loss[n] = logsumexp(x[n]) − x[n, t[n]], both from one pass; the second output is the gradient
   * the rule scales. Rows whose target is `ignoreIndex` get zeros. Kernel or composed.
   */
  softmaxCrossEntropy: { readonly ignoreIndex: number };
  /** relu's gradient [dy, x] → dy·[x ≰ 0] (NaN inputs pass dy on, as PyTorch's threshold_backward). Kernel or composed. */
  reluBackward: NoParams;
  /**
   * A layer's bias and activation, fused: [x, bias [x.shape[axis]]] → act(x + bias), the bias broadcast
   * along every axis but `axis`. The same values as the add and the activation op by op. Kernel or composed.
   */
  biasActivation: { readonly axis: number; readonly activation: Activation };
  /**
   * Training-mode batch normalization over every axis but 1, fused: [x [N, C, …], weight [C], bias [C]] →
   * [y, mean [C], var [C]] with y = (x − mean)·(var + eps)^−½·weight + bias and var the biased variance
   * (PyTorch's native_batch_norm, which returns invstd instead). Kernel or composed.
   */
  batchNorm: { readonly eps: number };
}

export type Primitive = keyof PrimitiveParams;
