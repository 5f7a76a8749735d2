import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors';
import { isFloat } from '../dtype';
import { applyAll } from '../autograd/engine';
import { opObserver } from '../autograd/observer';
import type { Tensor } from '../tensor';
import type { PrimitiveParams } from '../primitives/params';
import { sequenceSteps } from '../primitives/rnn-sequence';
import { stack } from './movement';

export interface SequenceOptions {
  /** Run the steps t = T−1…0 (the backward direction of a bidirectional layer). Default false. */
  reverse?: boolean;
  /**
   * Valid steps per sequence (N integers in 1…T): a padded step leaves the state as it is and outputs
   * zeros, as a packed sequence does. Default: every sequence has T steps.
   */
  lengths?: readonly number[] | null;
}

type Params = PrimitiveParams['rnnSequence'];

function checkLengths(who: string, lengths: readonly number[] | null | undefined, T: number, N: number): readonly number[] | null {
  if (lengths == null) return null;
  if (lengths.length !== N) throw new ShapeError(`${who}: expected ${N} lengths (one per sequence), got ${lengths.length}`);
  lengths.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 1 || v > T) throw new ValueError(`${who}: lengths[${i}] = ${v} must be an integer in 1…${T}`);
  });
  return [...lengths];
}

const is = (t: Tensor | null | undefined, shape: readonly number[]): boolean =>
  !!t && t.rank === shape.length && t.shape.every((d, i) => d === shape[i]);

/**
 * Runs the primitive: the packed output flat, the extra outputs left to the tape. Null while an exporter
 * traces the ops: the caller then runs the steps as ops of their own, which an exporter knows.
 */
function run(inputs: Tensor[], params: Params): Tensor | null {
  const dtype = inputs[0]!.dtype;
  if (!isFloat(dtype) || inputs.some((t) => t.dtype !== dtype)) {
    throw new DTypeError(`${params.cell}Sequence: expected tensors of one float dtype, got ${inputs.map((t) => t.dtype).join(', ')}`);
  }
  if (opObserver !== null) return null;
  const [packed, ...saved] = applyAll('rnnSequence', inputs, params);
  // the tape keeps handles of its own; without it nothing needs them
  for (const t of saved) t.dispose();
  const flat = packed!.reshape([-1]);
  if (flat !== packed) packed!.dispose();
  return flat;
}

/** The traced form: the steps' outputs stacked, no sizes fixed beyond the traced ops' own (a dynamic batch stays dynamic). */
function traced(inputs: Tensor[], params: Params): { output: Tensor; h: Tensor; c: Tensor } {
  const { ys, h, c } = sequenceSteps(inputs, params);
  return { output: stack(ys, 0), h, c: c ?? h };
}

/**
 * An LSTM layer-direction over a whole sequence in one primitive: gi [T, N, 4H] is x·W_ihᵀ (+ b_ih + b_hh,
 * or give those as `bias`) for every step (gates i, f, g, o), h0 [N, P], c0 [N, H], W_hh [4H, P], optional
 * W_hr [P, H] (projection, P < H; else P = H), optional bias [4H]. Each step runs cₜ = σ(f)⊙cₜ₋₁ +
 * σ(i)⊙tanh(g), hₜ = σ(o)⊙tanh(cₜ) (·W_hrᵀ) on gates (gi_t + bias) + hₜ₋₁·W_hhᵀ: the bias joins each step
 * inside its kernel, the values of adding it to gi first without that pass over [T, N, 4H]. Returns output [T, N, P] and the final h [N, P] and c [N, H].
 * Differentiable (also to higher order) in every tensor; the backward forms W_hh's gradient as one product.
 */
export function lstmSequence(gi: Tensor, h0: Tensor, c0: Tensor, weightHh: Tensor, opts: SequenceOptions & { weightHr?: Tensor | null; bias?: Tensor | null } = {}): { output: Tensor; h: Tensor; c: Tensor } {
  const [T, N, G] = gi.shape as [number, number, number];
  const H = G / 4, wHr = opts.weightHr ?? null, P = wHr ? wHr.shape[0]! : H, bias = opts.bias ?? null;
  if (gi.rank !== 3 || !Number.isInteger(H) || T < 1 || !is(h0, [N, P]) || !is(c0, [N, H]) || !is(weightHh, [G, P]) || (wHr && !is(wHr, [P, H])) || (bias && !is(bias, [G]))) {
    const proj = wHr ? `, weightHr ${fmtShape(wHr.shape)}` : '';
    const b = bias ? `, bias ${fmtShape(bias.shape)}` : '';
    throw new ShapeError(`lstmSequence: expected gi [T, N, 4H], h0 [N, P], c0 [N, H], weightHh [4H, P] (weightHr [P, H], bias [4H]), got gi ${fmtShape(gi.shape)}, h0 ${fmtShape(h0.shape)}, c0 ${fmtShape(c0.shape)}, weightHh ${fmtShape(weightHh.shape)}${proj}${b}`);
  }
  const params: Params = { cell: 'lstm', reverse: opts.reverse ?? false, lengths: checkLengths('lstmSequence', opts.lengths, T, N), ...(bias ? { bias: true } : {}) };
  const inputs = [gi, h0, c0, weightHh, ...(wHr ? [wHr] : []), ...(bias ? [bias] : [])];
  const packed = run(inputs, params);
  if (!packed) return traced(inputs, params);
  const out = { output: packed.narrow(0, 0, T * N * P).reshape([T, N, P]), h: packed.narrow(0, T * N * P, N * P).reshape([N, P]), c: packed.narrow(0, (T + 1) * N * P, N * H).reshape([N, H]) };
  packed.dispose();
  return out;
}

/**
 * A GRU layer-direction over a whole sequence in one primitive: gi [T, N, 3H] is x·W_ihᵀ (+ b_ih, or give
 * it as `biasIh`: each step adds it inside its kernel, the values of adding it to gi first without that
 * pass) for every step (gates r, z, n), h0 [N, H], W_hh [3H, H], optional b_hh [3H] (inside the reset
 * product, as in PyTorch). Each step runs hₜ = (1 − z)⊙n + z⊙hₜ₋₁ on gh = hₜ₋₁·W_hhᵀ + b_hh (see `gruCell`). Returns
 * output [T, N, H] and the final h [N, H]. Differentiable (also to higher order) in every tensor.
 */
export function gruSequence(gi: Tensor, h0: Tensor, weightHh: Tensor, opts: SequenceOptions & { biasHh?: Tensor | null; biasIh?: Tensor | null } = {}): { output: Tensor; h: Tensor } {
  const [T, N, G] = gi.shape as [number, number, number];
  const H = G / 3, bHh = opts.biasHh ?? null, bIh = opts.biasIh ?? null;
  if (gi.rank !== 3 || !Number.isInteger(H) || T < 1 || !is(h0, [N, H]) || !is(weightHh, [G, H]) || (bHh && !is(bHh, [G])) || (bIh && !is(bIh, [G]))) {
    const bias = (bHh ? `, biasHh ${fmtShape(bHh.shape)}` : '') + (bIh ? `, biasIh ${fmtShape(bIh.shape)}` : '');
    throw new ShapeError(`gruSequence: expected gi [T, N, 3H], h0 [N, H], weightHh [3H, H] (biasHh [3H]${bIh ? ', biasIh [3H]' : ''}), got gi ${fmtShape(gi.shape)}, h0 ${fmtShape(h0.shape)}, weightHh ${fmtShape(weightHh.shape)}${bias}`);
  }
  const params: Params = { cell: 'gru', reverse: opts.reverse ?? false, lengths: checkLengths('gruSequence', opts.lengths, T, N), ...(bIh ? { bias: true } : {}) };
  const inputs = [gi, h0, weightHh, ...(bHh ? [bHh] : []), ...(bIh ? [bIh] : [])];
  const packed = run(inputs, params);
  if (!packed) {
    const { output, h } = traced(inputs, params);
    return { output, h };
  }
  const out = { output: packed.narrow(0, 0, T * N * H).reshape([T, N, H]), h: packed.narrow(0, T * N * H, N * H).reshape([N, H]) };
  packed.dispose();
  return out;
}
