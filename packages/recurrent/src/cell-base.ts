import { Module, Tensor, ShapeError, ValueError, zeros, nn, fmtShape, type Generator, type ModuleOptions, type Parameter } from '@dnn/tensor';
import type { StepWeights } from './cell-steps';

export interface CellOptions extends ModuleOptions {
  /** Include b_ih and b_hh. Default true. */
  bias?: boolean;
  generator?: Generator;
}

/**
 * The parameters of a single-step PyTorch cell: weight_ih [G·hidden, in], weight_hh [G·hidden, hidden],
 * bias_ih and bias_hh [G·hidden], all U(−1/√hidden, 1/√hidden); plus the input checks.
 */
export abstract class CellBase extends Module {
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  constructor(readonly name: string, gates: number, readonly inputSize: number, readonly hiddenSize: number, opts: CellOptions = {}) {
    super();
    for (const [k, v] of Object.entries({ inputSize, hiddenSize })) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`${name}: ${k} must be a positive integer, got ${v}`);
    }
    const o = nn.resolveOptions(opts);
    const k = 1 / Math.sqrt(hiddenSize);
    const param = (shape: number[]) => nn.init.uniform_(nn.emptyParameter(shape, o), -k, k, opts.generator) as Parameter;
    this.weight_ih = param([gates * hiddenSize, inputSize]);
    this.weight_hh = param([gates * hiddenSize, hiddenSize]);
    this.bias_ih = opts.bias === false ? null : param([gates * hiddenSize]);
    this.bias_hh = opts.bias === false ? null : param([gates * hiddenSize]);
  }

  protected get who(): string {
    return `${this.name}(${this.inputSize}→${this.hiddenSize})`;
  }

  protected get stepWeights(): StepWeights {
    return { weightHh: this.weight_hh, biasHh: this.bias_hh };
  }

  /** x·W_ihᵀ + b_ih for x [N, in] or unbatched [in]. */
  protected inputGates(x: Tensor): Tensor {
    if ((x.rank !== 1 && x.rank !== 2) || x.shape[x.rank - 1] !== this.inputSize) {
      throw new ShapeError(`${this.who}: expected input [N, ${this.inputSize}] or [${this.inputSize}], got ${fmtShape(x.shape)}`);
    }
    const gi = x.matmul(this.weight_ih.mT());
    return this.bias_ih ? gi.add(this.bias_ih) : gi;
  }

  /** A state tensor matching x's batch (zeros when absent), checked. */
  protected stateFor(x: Tensor, s: Tensor | undefined, what: string): Tensor {
    const want = x.rank === 2 ? [x.shape[0]!, this.hiddenSize] : [this.hiddenSize];
    if (!s) return zeros(want, { dtype: this.weight_ih.dtype, device: this.weight_ih.device });
    if (s.rank !== want.length || s.shape.some((d, i) => d !== want[i])) {
      throw new ShapeError(`${this.who}: expected ${what} ${fmtShape(want)} for input ${fmtShape(x.shape)}, got ${fmtShape(s.shape)}`);
    }
    return s;
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias_ih ? '' : ', bias=false'}`;
  }
}
