import type { DType, TypedArray } from '../dtype';
import type { BinaryOp, UnaryOp } from '../primitives/elementwise';
import type { Activation } from '../primitives/params';

/**
 * A strided window onto a backend buffer. Broadcasting is a stride of 0, flips are negative strides,
 * transposes are permuted strides: every primitive reads its inputs through a View, so movement ops
 * never reach the backend.
 */
export interface View<B = unknown> {
  readonly buffer: B;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * Where a step of a sequence loop writes its leading outputs: into `buffers` (those outputs of an earlier
 * step's call, one each) from element `offset` on, or, on the first call, into new outputs of `size`
 * elements each, whose other elements later calls write. The call returns those whole buffers. The
 * steps' gradients then lie one under the other as the loop goes, and no concat copies them again.
 */
export interface StepInto<B = unknown> {
  readonly offset: number;
  readonly size: number;
  readonly buffers?: readonly B[];
}

/** The element-wise ops: the keys of the op table (primitives/elementwise.ts), where each is declared once. */
export type { UnaryOp, BinaryOp, Activation };

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'any' | 'all';
export type ArgReduceOp = 'argmax' | 'argmin';

/** Counter-based random draws: element i uses counter `offset + i` under `key` (Threefry-2x32-20). */
export interface RandomSpec {
  readonly dist: 'uniform' | 'normal' | 'bernoulli' | 'bits';
  readonly key: readonly [number, number];
  readonly offset: number;
  /** bernoulli: a View of probabilities with the output's shape (broadcast strides allowed). */
  readonly probs?: View;
}

/** A region of an assembled output: `src` is copied to out[begin + i * step] along every dim. */
export interface AssemblePart<B = unknown> {
  readonly src: View<B>;
  readonly begin: readonly number[];
  readonly step: readonly number[];
}

export interface Conv2dSpec {
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

export interface Pool2dSpec {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly outShape: readonly [number, number];
  /** avg pooling: divide by the full window (true) or only by the elements inside the input (false). */
  readonly countIncludePad?: boolean;
  readonly divisorOverride?: number;
}

/** SGD's hyper-parameters as torch.optim.SGD applies them (see `optimizerStep`). */
export interface SgdStepSpec {
  readonly kind: 'sgd';
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;
}

/** Adam's (AdamW's when `decoupled`) hyper-parameters as torch.optim.Adam/AdamW apply them. */
export interface AdamStepSpec {
  readonly kind: 'adam';
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;
  readonly amsgrad: boolean;
  readonly maximize: boolean;
}

export type OptimizerStepSpec = SgdStepSpec | AdamStepSpec;

/**
 * One parameter's update: its value, gradient and state (SGD: [momentum buffer], or [] without
 * momentum, or [null] on the first step, when the buffer starts as the gradient; Adam: [m, v] or
 * [m, v, max v] with amsgrad) and, for Adam, the step count t after this step (bias correction).
 */
export interface ParamUpdate<B = unknown> {
  readonly param: View<B>;
  readonly grad: View<B>;
  readonly state: readonly (View<B> | null)[];
  readonly step: number;
}

/**
 * The Backend contract. Every method returns a new, contiguous buffer in row-major order; inputs are
 * never written. Required primitives make a backend complete: `@dnn/tensor` composes every other op
 * (conv, pooling, softmax…) from them. The optional kernels are fast paths a backend may add one by one.
 */
export interface Backend<B = unknown> {
  readonly name: string;
  /** True when `readSync` works (CPU); GPU backends read asynchronously only. */
  readonly syncRead: boolean;
  /**
   * The dtypes this backend can hold; absent means all of them. Ops that compute in float64 internally
   * (randint, multinomial) switch to a 32-bit formulation where float64 is missing (WGSL has none).
   */
  readonly dtypes?: readonly DType[];

  // memory
  fromArray(data: TypedArray, dtype: DType): B;
  /** A buffer of `size` elements, every one equal to `value`. */
  fill(size: number, dtype: DType, value: number): B;
  /**
   * Optional, for backends whose buffers are typed arrays: a zeroed array of `size` elements that
   * fromArray takes over as a buffer without copying it, so a caller can write a new tensor's values in
   * place (the CPU device hands out the WebAssembly kernels' own memory). Null for a dtype it does not
   * hold that way.
   */
  writable?(size: number, dtype: DType): TypedArray | null;
  read(buffer: B, dtype: DType, size: number): Promise<TypedArray>;
  readSync?(buffer: B, dtype: DType, size: number): TypedArray;
  free(buffer: B): void;
  byteSize(buffer: B): number;

  // element-wise, inputs already broadcast to `shape` through their strides
  unary(op: UnaryOp, x: View<B>, outDtype: DType): B;
  binary(op: BinaryOp, a: View<B>, b: View<B>, shape: readonly number[], outDtype: DType): B;
  where(cond: View<B>, a: View<B>, b: View<B>, shape: readonly number[], outDtype: DType): B;
  /** Strided copy into contiguous layout, converting to `dtype`. */
  copy(x: View<B>, dtype: DType): B;
  /** out = fill, then each part's src copied into its strided region (pad, concat, slice gradients). */
  assemble(shape: readonly number[], dtype: DType, fillValue: number, parts: readonly AssemblePart<B>[]): B;

  // reductions over the trailing `axes` (sorted); the result drops those axes
  reduce(op: ReduceOp, x: View<B>, axes: readonly number[], outDtype: DType): B;
  argReduce(op: ArgReduceOp, x: View<B>, axis: number): B;

  /** Batched matmul: a [...batch, M, K] and b [...batch, K, N] views (batch dims already broadcast). */
  matmul(a: View<B>, b: View<B>, outDtype: DType): B;

  /** out[..., i, ...] = x[..., index[..., i, ...], ...] along `dim`; index has the output's shape. */
  gather(x: View<B>, dim: number, index: View<B>): B;
  /** out = base (or zeros of `shape`) with src[j] added at out[..., index[j], ...] along `dim`. */
  scatterAdd(shape: readonly number[], dim: number, index: View<B>, src: View<B>, base?: View<B>): B;

  random(spec: RandomSpec, size: number, dtype: DType): B;

  // optional fast kernels
  conv2d?(x: View<B>, w: View<B>, spec: Conv2dSpec, outShape: readonly number[]): B;
  conv2dBackwardInput?(dy: View<B>, w: View<B>, spec: Conv2dSpec, xShape: readonly number[]): B;
  conv2dBackwardWeight?(x: View<B>, dy: View<B>, spec: Conv2dSpec, wShape: readonly number[]): B;
  maxPool2d?(x: View<B>, spec: Pool2dSpec): { out: B; indices: B };
  avgPool2d?(x: View<B>, spec: Pool2dSpec): B;
  avgPool2dBackward?(dy: View<B>, spec: Pool2dSpec, xShape: readonly number[]): B;
  /** Softmax (or log-softmax) over the last axis of a contiguous [rows, cols] view. */
  softmax?(x: View<B>, log: boolean): B;
  /**
   * out [rows, H, C] = Σ_k weight[k, h] · x[col[k], h, :] added at row[k], in increasing k, for x [N, H, C],
   * weight [E, H] (x's dtype) and int32 row/col [E]; an index out of range throws.
   */
  spmm?(x: View<B>, weight: View<B>, row: View<B>, col: View<B>, rows: number): B;
  /**
   * out [E, H] = Σ_c a[row[k], h, c] · b[col[k], h, c] for a [R, H, C], b [N, H, C] (one float dtype) and
   * int32 row/col [E]; an index out of range throws.
   */
  sddmm?(a: View<B>, b: View<B>, row: View<B>, col: View<B>): B;
  /**
   * Softmax of src [E, …] within the segments of int32 ids [E] (values in [0, count)), see the
   * `segmentSoftmax` primitive; an id out of range throws.
   */
  segmentSoftmax?(src: View<B>, ids: View<B>, count: number): B;
  /** Its gradient from the softmax y and the gradient g of y: y ⊙ (g − Σ_segment g ⊙ y). */
  segmentSoftmaxBackward?(y: View<B>, g: View<B>, ids: View<B>, count: number): B;
  /**
   * out [E, …] = LeakyReLU(src[col[k]] + dst[row[k]]) for src [N, …], dst [R, …] (one float dtype) and
   * int32 row/col [E], see the `edgeLogits` primitive; an index out of range throws.
   */
  edgeLogits?(src: View<B>, dst: View<B>, row: View<B>, col: View<B>, slope: number): B;
  /** Its gradient from g [E, …]: [dsrc (g through the LeakyReLU summed at col), ddst (summed at row)], in entry order. */
  edgeLogitsBackward?(src: View<B>, dst: View<B>, row: View<B>, col: View<B>, g: View<B>, slope: number): B[];
  /** LSTM step of 2-D views gates [N, 4H] (+ gh [N, 4H]) and c [N, H] → [N, 2H] (h' then c'); see the `lstmCell` primitive. */
  lstmCell?(gates: View<B>, c: View<B>, gh?: View<B>): B;
  /** Its gradient: gates, c, out [N, 2H], dOut [N, 2H] (and gh) → [dgates [N, 4H] (also gh's), dc [N, H]]. */
  lstmCellBackward?(gates: View<B>, c: View<B>, out: View<B>, dOut: View<B>, gh?: View<B>): B[];
  /** LSTM step of a sequence loop: gates, c, gh (and a bias [4H], on the gates as (gates + bias) + gh) → [out [N, 2H] (as `lstmCell`), act [N, 5H] = σ(i), σ(f), tanh(g), σ(o), tanh(c')]. */
  lstmCellAct?(gates: View<B>, c: View<B>, gh: View<B>, bias?: View<B>): B[];
  /** Its gradient from the activations: act [N, 5H], c [N, H], h's gradient dh + dy (dy optional), dc [N, H] → [dgates [N, 4H], dc_prev [N, H]]; dgates goes `into` a sequence's buffer when given. */
  lstmCellActBackward?(act: View<B>, c: View<B>, dh: View<B>, dc: View<B>, dy?: View<B>, into?: StepInto<B>): B[];
  /** GRU step of a sequence loop: gi, gh = h·W_hhᵀ, h (and b_hh [3H], added to gh; and b_ih [3H], added to gi first) → [h' [N, H], act [N, 4H] = r, z, n, gh_n + b_n]. */
  gruCellAct?(gi: View<B>, gh: View<B>, h: View<B>, bias?: View<B>, biasIh?: View<B>): B[];
  /** Its gradient from the activations: act [N, 4H], h [N, H], h's gradient (dOut + e) + f (e, f optional) [N, H] → [dgi [N, 3H], dgh [N, 3H], dh [N, H]]; dgi and dgh go `into` a sequence's buffers when given. */
  gruCellActBackward?(act: View<B>, h: View<B>, dOut: View<B>, e?: View<B>, f?: View<B>, into?: StepInto<B>): B[];
  /** GRU step of 2-D views gi [N, 3H], gh [N, 3H], h [N, H] → h' [N, H]; see the `gruCell` primitive. */
  gruCell?(gi: View<B>, gh: View<B>, h: View<B>): B;
  /** Its gradient: gi, gh, h and dOut [N, H] → [dgi [N, 3H], dgh [N, 3H], dh [N, H]]. */
  gruCellBackward?(gi: View<B>, gh: View<B>, h: View<B>, dOut: View<B>): B[];
  /**
   * An optimizer's update of many parameters (all of one dtype) in one call, with exactly the
   * composite's operations in its order (optim/sgd.ts, optim/adam.ts), element by element. Returns,
   * per update, new buffers [param', ...state'] with the state's layout; inputs are not written.
   */
  /**
   * Softmax cross-entropy of 2-D logits [N, C] and int32 targets [N]: the loss per row [N] and its
   * gradient with respect to the logits, softmax − onehot [N, C], from one pass; rows whose target is
   * `ignoreIndex` get zeros. See the `softmaxCrossEntropy` primitive.
   */
  /** relu's gradient dy·[x ≰ 0] for views of one shape; see the `reluBackward` primitive. */
  reluBackward?(dy: View<B>, x: View<B>): B;
  /**
   * act(x + bias) element by element, bias already broadcast to x's shape (stride 0 on every axis but
   * one), float dtypes; the same values as `binary('add')` then `unary(act)`. See the `biasActivation` primitive.
   */
  biasActivation?(x: View<B>, bias: View<B>, activation: Activation): B;
  /**
   * Its gradient with relu, from the output y: dx = dy·[y ≰ 0] and dbias = Σ dx over every axis but
   * `axis` ([C]), with the bits of `reluBackward` then the `reduce` sum the rule would run. Null where
   * the backend has nothing quicker for these views (the rule then runs that pair).
   */
  biasReluBackward?(dy: View<B>, y: View<B>, axis: number): { dx: B; dbias: B } | null;
  softmaxCrossEntropy?(logits: View<B>, target: View<B>, ignoreIndex: number): { loss: B; grad: B };
  /**
   * Training-mode batch normalization of x [N, C, …] (contiguous per channel plane) with weight and bias
   * [C]: y, the per-channel mean and biased variance; see the `batchNorm` primitive.
   */
  batchNorm?(x: View<B>, weight: View<B>, bias: View<B>, eps: number): { y: B; mean: B; variance: B };
  /** Its gradient for dy of x's shape: [dx, dweight, dbias], from mean and variance as batchNorm gave them. */
  batchNormBackward?(dy: View<B>, x: View<B>, mean: View<B>, variance: View<B>, weight: View<B>, eps: number): B[];
  optimizerStep?(spec: OptimizerStepSpec, updates: readonly ParamUpdate<B>[]): B[][];
}
