import {
  Module, Tensor, ShapeError, ValueError, stack, zeros, nn, fmtShape,
  type Generator, type ModuleOptions, type Parameter,
} from '@dnn/tensor';
import { readLengths, stepMasks, type Lengths } from './lengths';

export type StateActivation = 'tanh' | 'relu' | 'sigmoid';
export type OutputActivation = 'softmax' | 'identity';

export interface StateSpaceRNNOptions extends ModuleOptions {
  /** f, the state nonlinearity. Default 'tanh'. */
  nonlinearity?: StateActivation;
  /** g, applied to V·sₜ. Default 'identity' ('softmax' normalizes over the output features). */
  output?: OutputActivation;
  /** Include the bias b. Default true. */
  bias?: boolean;
  /** Inputs and outputs are [N, T, …] instead of [T, N, …]. Default false. */
  batchFirst?: boolean;
  generator?: Generator;
}

export interface StateSpaceRNNResult {
  /** oₜ for every step: [T, N, outputSize] ([N, T, outputSize] with batchFirst). */
  outputs: Tensor;
  /** sₜ for every step: [T, N, hiddenSize] ([N, T, hiddenSize] with batchFirst). */
  states: Tensor;
  /** The state after each sequence's last valid step, [N, hiddenSize]. */
  final: Tensor;
}

const ACTIVATIONS: Record<StateActivation, (x: Tensor) => Tensor> = {
  tanh: (x) => x.tanh(), relu: (x) => x.relu(), sigmoid: (x) => x.sigmoid(),
};

/**
 * The state-space recurrent network with weights shared over time:
 *   hₜ = U·xₜ + W·sₜ₋₁ + b,   sₜ = f(hₜ),   oₜ = g(V·sₜ),
 * U [hidden, input], W [hidden, hidden], b [hidden], V [output, hidden], all drawn from
 * U(−1/√hidden, 1/√hidden). U·xₜ is computed for every step in one matmul; each step then adds W·sₜ₋₁.
 */
export class StateSpaceRNN extends Module {
  U: Parameter;
  W: Parameter;
  b: Parameter | null;
  V: Parameter;
  readonly nonlinearity: StateActivation;
  readonly output: OutputActivation;
  readonly batchFirst: boolean;

  constructor(readonly inputSize: number, readonly hiddenSize: number, readonly outputSize: number, opts: StateSpaceRNNOptions = {}) {
    super();
    for (const [k, v] of Object.entries({ inputSize, hiddenSize, outputSize })) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`StateSpaceRNN: ${k} must be a positive integer, got ${v}`);
    }
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
    this.output = opts.output ?? 'identity';
    if (!(this.nonlinearity in ACTIVATIONS)) throw new ValueError(`StateSpaceRNN: nonlinearity must be tanh, relu or sigmoid, got ${this.nonlinearity}`);
    if (this.output !== 'softmax' && this.output !== 'identity') throw new ValueError(`StateSpaceRNN: output must be softmax or identity, got ${this.output}`);
    this.batchFirst = opts.batchFirst ?? false;
    const o = nn.resolveOptions(opts);
    const k = 1 / Math.sqrt(hiddenSize);
    const param = (shape: number[]) => nn.init.uniform_(nn.emptyParameter(shape, o), -k, k, opts.generator) as Parameter;
    this.U = param([hiddenSize, inputSize]);
    this.W = param([hiddenSize, hiddenSize]);
    this.b = opts.bias === false ? null : param([hiddenSize]);
    this.V = param([outputSize, hiddenSize]);
  }

  private get who(): string {
    return `StateSpaceRNN(${this.inputSize}→${this.hiddenSize}→${this.outputSize})`;
  }

  /** Runs the sequence from s₀ (zeros by default); `lengths` stops each sequence after its own last step. */
  forward(x: Tensor, s0?: Tensor, opts: { lengths?: Lengths } = {}): StateSpaceRNNResult {
    const layout = this.batchFirst ? '[N, T, ' : '[T, N, ';
    if (x.rank !== 3 || x.shape[2] !== this.inputSize) {
      throw new ShapeError(`${this.who}: expected input ${layout}${this.inputSize}] (batchFirst: ${this.batchFirst}), got ${fmtShape(x.shape)}`);
    }
    const xs = this.batchFirst ? x.transpose(0, 1) : x;
    const [T, N] = xs.shape as [number, number];
    if (T === 0) throw new ShapeError(`${this.who}: the sequence has no steps (input ${fmtShape(x.shape)})`);
    if (s0 && (s0.rank !== 2 || s0.shape[0] !== N || s0.shape[1] !== this.hiddenSize)) {
      throw new ShapeError(`${this.who}: expected initial state [${N}, ${this.hiddenSize}], got ${fmtShape(s0.shape)}`);
    }
    const masks = opts.lengths === undefined ? null : stepMasks(readLengths(opts.lengths, T, N, this.who), T, xs);
    let ux = xs.reshape([T * N, this.inputSize]).matmul(this.U.mT());
    if (this.b) ux = ux.add(this.b);
    const uxSteps = ux.reshape([T, N, this.hiddenSize]);
    const f = ACTIVATIONS[this.nonlinearity];
    const Wt = this.W.mT();
    let s = s0 ?? zeros([N, this.hiddenSize], { dtype: this.U.dtype, device: this.U.device });
    const states: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const next = f(uxSteps.select(0, t).add(s.matmul(Wt)));
      s = masks ? masks[t]!.where(next, s) : next;
      states.push(s);
    }
    const S = stack(states, 0);
    const vs = S.matmul(this.V.mT());
    let outputs = this.output === 'softmax' ? vs.softmax(-1) : vs;
    let statesOut = S;
    if (this.batchFirst) {
      outputs = outputs.transpose(0, 1);
      statesOut = S.transpose(0, 1);
    }
    return { outputs, states: statesOut, final: s };
  }

  override extraRepr(): string {
    return `${this.inputSize} → ${this.hiddenSize} → ${this.outputSize}, f=${this.nonlinearity}, g=${this.output}${this.b ? '' : ', bias=false'}`;
  }
}
