import {
  Module, Tensor, ShapeError, ValueError, stack, concat, zeros, nn, fmtShape, lstmSequence, gruSequence,
  type Generator, type ModuleOptions, type Parameter,
} from '@dnn/tensor';
import { readLengths, stepMasks, type Lengths } from './lengths';
import { rnnStep, lstmStep, gruStep, type StepWeights } from './cell-steps';

export interface RNNBaseOptions extends ModuleOptions {
  /** Stacked recurrent layers; layer k > 0 reads layer k−1's output. Default 1. */
  numLayers?: number;
  /** Include b_ih and b_hh. Default true. */
  bias?: boolean;
  /** Input and output are [N, T, features] instead of [T, N, features] (states stay [L·D, N, H]). Default false. */
  batchFirst?: boolean;
  /** Dropout probability on the output of every layer but the last, in training. Default 0. */
  dropout?: number;
  /** Run a second layer over the reversed sequence and concatenate both outputs. Default false. */
  bidirectional?: boolean;
  generator?: Generator;
}

export type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/**
 * LSTM and GRU run each layer-direction as one sequence primitive (`lstmSequence`, `gruSequence`);
 * false runs them step by step with one tape node per op, the reference the tests compare against.
 */
let sequencePrimitive = true;
export function setSequencePrimitive(on: boolean): boolean {
  const previous = sequencePrimitive;
  sequencePrimitive = on;
  return previous;
}
const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/** Per layer and direction: the state tensors ([h] or [h, c]), each [N, size]. */
type DirState = Tensor[];

/**
 * The multi-layer, optionally bidirectional recurrent network shared by RNN, LSTM and GRU. Parameters
 * are fields named as PyTorch names them (`weight_ih_l0`, `bias_hh_l1_reverse`, `weight_hr_l0`), in
 * PyTorch's order, all drawn from U(−1/√hidden, 1/√hidden). The input half of every gate is one matmul
 * over all steps (x·W_ihᵀ + b_ih for [T·N, in]); each step then only multiplies the hidden state.
 */
export abstract class RNNBase extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly projSize: number;
  protected readonly _generator: Generator | undefined;

  constructor(readonly mode: Mode, readonly inputSize: number, readonly hiddenSize: number, opts: RNNBaseOptions & { projSize?: number } = {}) {
    super();
    const name = mode.startsWith('RNN') ? 'RNN' : mode;
    this.numLayers = opts.numLayers ?? 1;
    this.bias = opts.bias ?? true;
    this.batchFirst = opts.batchFirst ?? false;
    this.dropout = opts.dropout ?? 0;
    this.bidirectional = opts.bidirectional ?? false;
    this.projSize = opts.projSize ?? 0;
    this._generator = opts.generator;
    for (const [k, v] of Object.entries({ inputSize, hiddenSize, numLayers: this.numLayers })) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`${name}: ${k} must be a positive integer, got ${v}`);
    }
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(`${name}: dropout must be in [0, 1], got ${this.dropout}`);
    if (!Number.isInteger(this.projSize) || this.projSize < 0 || (this.projSize && this.projSize >= hiddenSize)) {
      throw new ValueError(`${name}: projSize must be an integer in 0…${hiddenSize - 1} (smaller than hiddenSize), got ${this.projSize}`);
    }
    const o = nn.resolveOptions(opts);
    const k = 1 / Math.sqrt(hiddenSize);
    const G = GATES[mode] * hiddenSize;
    const out = this.outputSize;
    const fields = this as unknown as Record<string, Parameter>;
    const param = (name: string, shape: number[]) => {
      fields[name] = nn.init.uniform_(nn.emptyParameter(shape, o), -k, k, opts.generator) as Parameter;
    };
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (const sfx of this.suffixes) {
        const inSize = layer === 0 ? inputSize : out * this.directions;
        param(`weight_ih_l${layer}${sfx}`, [G, inSize]);
        param(`weight_hh_l${layer}${sfx}`, [G, out]);
        if (this.bias) {
          param(`bias_ih_l${layer}${sfx}`, [G]);
          param(`bias_hh_l${layer}${sfx}`, [G]);
        }
        if (this.projSize) param(`weight_hr_l${layer}${sfx}`, [this.projSize, hiddenSize]);
      }
    }
  }

  /** Features of h: projSize when projecting, else hiddenSize. */
  get outputSize(): number {
    return this.projSize || this.hiddenSize;
  }
  get directions(): number {
    return this.bidirectional ? 2 : 1;
  }
  private get suffixes(): string[] {
    return this.bidirectional ? ['', '_reverse'] : [''];
  }
  protected get who(): string {
    const name = this.mode.startsWith('RNN') ? 'RNN' : this.mode;
    return `${name}(${this.inputSize}→${this.hiddenSize}${this.projSize ? `→${this.projSize}` : ''})`;
  }

  private weights(layer: number, sfx: string): { wih: Tensor; bih: Tensor | null; step: StepWeights } {
    const f = this as unknown as Record<string, Parameter | undefined>;
    return {
      wih: f[`weight_ih_l${layer}${sfx}`]!,
      bih: f[`bias_ih_l${layer}${sfx}`] ?? null,
      step: { weightHh: f[`weight_hh_l${layer}${sfx}`]!, biasHh: f[`bias_hh_l${layer}${sfx}`] ?? null, weightHr: f[`weight_hr_l${layer}${sfx}`] ?? null },
    };
  }

  private step(gi: Tensor, s: DirState, w: StepWeights): DirState {
    switch (this.mode) {
      case 'RNN_TANH': return [rnnStep(gi, s[0]!, w, 'tanh')];
      case 'RNN_RELU': return [rnnStep(gi, s[0]!, w, 'relu')];
      case 'GRU': return [gruStep(gi, s[0]!, w)];
      case 'LSTM': return lstmStep(gi, s[0]!, s[1]!, w);
    }
  }

  /** The state shapes this layer expects for batch N: h [L·D, N, out] and, for LSTM, c [L·D, N, hidden]. */
  private stateSizes(): number[] {
    return this.mode === 'LSTM' ? [this.outputSize, this.hiddenSize] : [this.hiddenSize];
  }

  /**
   * Runs every layer and direction. `x` is [T, N, in] or [N, T, in] (batchFirst) or unbatched [T, in];
   * `initial` holds h₀ (and c₀), each [L·D, N, size] ([L·D, size] unbatched), zeros when absent.
   * Returns the last layer's output [T, N, D·out] (padded steps are zero) and the final states.
   */
  protected run(x: Tensor, initial: readonly Tensor[] | undefined, lengths: Lengths | undefined): { output: Tensor; final: Tensor[] } {
    const layout = this.batchFirst ? 'N, T' : 'T, N';
    if ((x.rank !== 3 && x.rank !== 2) || x.shape[x.rank - 1] !== this.inputSize) {
      throw new ShapeError(`${this.who}: expected input [${layout}, ${this.inputSize}] (batchFirst: ${this.batchFirst}) or unbatched [T, ${this.inputSize}], got ${fmtShape(x.shape)}`);
    }
    const unbatched = x.rank === 2;
    let xs = unbatched ? x.unsqueeze(1) : this.batchFirst ? x.transpose(0, 1) : x;
    const [T, N] = xs.shape as [number, number];
    if (T === 0) throw new ShapeError(`${this.who}: the sequence has no steps (input ${fmtShape(x.shape)})`);
    const LD = this.numLayers * this.directions;
    const sizes = this.stateSizes();
    const names = this.mode === 'LSTM' ? ['h0', 'c0'] : ['h0'];
    let init: Tensor[];
    if (initial) {
      if (initial.length !== sizes.length) throw new ShapeError(`${this.who}: expected ${sizes.length} initial state tensors (${names.join(', ')}), got ${initial.length}`);
      init = initial.map((s, i) => {
        const want = unbatched ? [LD, sizes[i]!] : [LD, N, sizes[i]!];
        if (s.rank !== want.length || s.shape.some((d, j) => d !== want[j])) {
          throw new ShapeError(`${this.who}: expected ${names[i]} ${fmtShape(want)} for input ${fmtShape(x.shape)}, got ${fmtShape(s.shape)}`);
        }
        return unbatched ? s.unsqueeze(1) : s;
      });
    } else {
      const like = this.weights(0, '').wih;
      init = sizes.map((size) => zeros([LD, N, size], { dtype: like.dtype, device: like.device }));
    }
    const lens = lengths === undefined ? null : readLengths(lengths, T, N, this.who);
    const bySequence = sequencePrimitive && (this.mode === 'LSTM' || this.mode === 'GRU');
    const masks = lens && !bySequence ? stepMasks(lens, T, xs) : null;
    const finals: Tensor[][] = sizes.map(() => []);
    for (let layer = 0; layer < this.numLayers; layer++) {
      if (layer > 0 && this.dropout > 0 && this.training) xs = nn.dropout(xs, this.dropout, true, this._generator);
      const outs = this.suffixes.map((sfx, dir) => {
        const idx = layer * this.directions + dir;
        const s0 = init.map((s) => s.select(0, idx));
        const { out, state } = bySequence ? this.sequence(xs, s0, this.weights(layer, sfx), dir === 1, lens)
          : this.direction(xs, s0, this.weights(layer, sfx), dir === 1, masks);
        state.forEach((s, i) => finals[i]!.push(s));
        return out;
      });
      xs = outs.length === 1 ? outs[0]! : concat(outs, 2);
    }
    let output = xs;
    let final = finals.map((f) => stack(f, 0));
    if (unbatched) {
      output = output.squeeze(1);
      final = final.map((f) => f.squeeze(1));
    } else if (this.batchFirst) {
      output = output.transpose(0, 1);
    }
    return { output, final };
  }

  /** The input half of the gates for all steps, [T, N, G] (one matmul), and the bias to add to it (b_hh joins b_ih outside GRU). */
  private inputGates(xs: Tensor, w: ReturnType<RNNBase['weights']>): { gi: Tensor; bias: Tensor | null } {
    const [T, N, I] = xs.shape as [number, number, number];
    let bias = w.bih;
    if (this.mode !== 'GRU' && w.step.biasHh) bias = bias ? bias.add(w.step.biasHh) : w.step.biasHh;
    const gi = xs.reshape([T * N, I]).matmul(w.wih.mT());
    return { gi: gi.reshape([T, N, gi.shape[1]!]), bias };
  }

  /** One layer-direction as one sequence primitive (LSTM, GRU). */
  private sequence(xs: Tensor, s0: DirState, w: ReturnType<RNNBase['weights']>, reverse: boolean, lengths: number[] | null): { out: Tensor; state: DirState } {
    // the steps add the input bias themselves (b_ih + b_hh for LSTM, b_ih for GRU): no pass over [T, N, G] for it
    const { gi, bias } = this.inputGates(xs, w);
    if (this.mode === 'LSTM') {
      const r = lstmSequence(gi, s0[0]!, s0[1]!, w.step.weightHh, { weightHr: w.step.weightHr, bias, reverse, lengths });
      return { out: r.output, state: [r.h, r.c] };
    }
    const r = gruSequence(gi, s0[0]!, w.step.weightHh, { biasHh: w.step.biasHh, biasIh: bias, reverse, lengths });
    return { out: r.output, state: [r.h] };
  }

  private direction(xs: Tensor, s0: DirState, w: ReturnType<RNNBase['weights']>, reverse: boolean, masks: Tensor[] | null): { out: Tensor; state: DirState } {
    const [T, N, I] = xs.shape as [number, number, number];
    // W_hhᵀ once for all steps, so the steps' weight gradients accumulate without a transpose each
    let step: StepWeights = { ...w.step, weightHhT: w.step.weightHh.mT() };
    let bias = w.bih;
    // outside GRU's reset product b_hh is a constant of every step: add it once, with b_ih (one
    // [4H] sum, so the backward sums the gates' gradient over all steps once, not twice)
    if (this.mode !== 'GRU' && step.biasHh) {
      bias = bias ? bias.add(step.biasHh) : step.biasHh;
      step = { ...step, biasHh: null };
    }
    let gi = xs.reshape([T * N, I]).matmul(w.wih.mT());
    if (bias) gi = gi.add(bias);
    const giSteps = gi.reshape([T, N, gi.shape[1]!]);
    let s = s0;
    const outs: Tensor[] = new Array(T);
    for (let k = 0; k < T; k++) {
      const t = reverse ? T - 1 - k : k;
      const next = this.step(giSteps.select(0, t), s, step);
      if (masks) {
        const m = masks[t]!;
        s = next.map((n, i) => m.where(n, s[i]!));
        outs[t] = m.where(next[0]!, 0);
      } else {
        s = next;
        outs[t] = next[0]!;
      }
    }
    return { out: stack(outs, 0), state: s };
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.projSize) parts.push(`projSize=${this.projSize}`);
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (!this.bias) parts.push('bias=false');
    if (this.batchFirst) parts.push('batchFirst=true');
    if (this.dropout) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push('bidirectional=true');
    return parts.join(', ');
  }
}
