import { Tensor, ValueError, noGrad, tidy, optim } from '@dnn/tensor';
import type { State } from './recurrent';

export interface ClipOptions {
  /** Rescale all gradients together so their joint norm is at most this (torch's clip_grad_norm_). */
  maxNorm?: number;
  /** The norm's order for maxNorm. Default 2. */
  normType?: number;
  /** Clamp every gradient element into [−clipValue, clipValue] (torch's clip_grad_value_). */
  clipValue?: number;
}

/**
 * Clips gradients by value, then by norm, with @dnn/tensor's optim helpers. Returns the total norm
 * before norm clipping as a 0-d tensor the caller reads and disposes (null when only clipping by
 * value); nothing is read back, so it works on every device.
 */
export function clipGradients(params: Iterable<Tensor>, clip: ClipOptions): Tensor | null {
  const list = [...params];
  if (clip.clipValue !== undefined) optim.clipGradValue(list, clip.clipValue);
  if (clip.maxNorm === undefined) return null;
  return optim.clipGradNorm(list, clip.maxNorm, clip.normType ?? 2);
}

/** A span of a long sequence: run steps [start, end), and count the loss over steps [lossFrom, end). */
export interface Span {
  start: number;
  lossFrom: number;
  end: number;
}

export interface BpttOptions<S extends State> {
  /** Length T of the sequence. */
  steps: number;
  /** Update every k1 steps. Default: steps (full BPTT: one update for the whole sequence). */
  k1?: number;
  /** Backpropagate through the last k2 ≥ k1 steps of each update. Default k1. */
  k2?: number;
  /** The state before step 0. */
  initialState: S;
  /**
   * Runs the model over `span` from `state`: the loss over [lossFrom, end) and the state after `end`.
   * With k2 > k1 it is also called without gradients to re-run a prefix up to a window's start; then
   * lossFrom = end and the loss is ignored.
   */
  run(span: Span, state: S): { loss: Tensor; state: S };
  optimizer: { zeroGrad(): void; step(): void };
  /** The parameters to clip; required with `clip`. */
  parameters?: Iterable<Tensor>;
  clip?: ClipOptions;
}

const detachState = <S extends State>(s: S): S => (s instanceof Tensor ? s.detach() : (s as readonly Tensor[]).map((t) => t.detach())) as S;
const stateTensors = (s: State): Tensor[] => (s instanceof Tensor ? [s] : [...s]);

/**
 * Backpropagation through time over one long sequence, full or truncated (BPTT(k1, k2)): every k1
 * steps the loss of those k1 steps is backpropagated through the last k2 steps, the gradients are
 * clipped and the optimizer steps. The state is carried across updates, detached, so no gradient
 * flows past the window; with k2 > k1 the window is re-run from a saved state. Returns each update's
 * loss and the final (detached) state.
 */
export function bptt<S extends State>(o: BpttOptions<S>): { losses: number[]; state: S } {
  const T = o.steps;
  const k1 = o.k1 ?? T;
  const k2 = o.k2 ?? k1;
  if (!Number.isInteger(T) || T < 1) throw new ValueError(`bptt: steps must be a positive integer, got ${T}`);
  if (!Number.isInteger(k1) || k1 < 1 || k1 > T) throw new ValueError(`bptt: k1 must be an integer in 1…${T}, got ${k1}`);
  if (!Number.isInteger(k2) || k2 < k1) throw new ValueError(`bptt: k2 must be an integer ≥ k1 = ${k1}, got ${k2}`);
  if (o.clip && !o.parameters) throw new ValueError('bptt: clipping needs the parameters');
  const params = o.parameters ? [...o.parameters] : [];
  // detached states at update boundaries, by step; only those a later window can start from are kept
  const saved = new Map<number, S>([[0, o.initialState]]);
  const losses: number[] = [];
  let state = o.initialState;
  for (let lossFrom = 0; lossFrom < T; lossFrom += k1) {
    const end = Math.min(T, lossFrom + k1);
    const start = Math.max(0, end - k2);
    const known = Math.max(...[...saved.keys()].filter((b) => b <= start));
    const from = saved.get(known)!;
    const begin = known === start ? from : noGrad(() => detachState(o.run({ start: known, lossFrom: start, end: start }, from).state));
    o.optimizer.zeroGrad();
    const next = tidy(() => {
      const r = o.run({ start, lossFrom, end }, begin);
      r.loss.backward();
      losses.push(r.loss.item());
      return stateTensors(detachState(r.state));
    });
    state = (o.initialState instanceof Tensor ? next[0]! : next) as unknown as S;
    if (o.clip) clipGradients(params, o.clip)?.dispose();
    o.optimizer.step();
    saved.set(end, state);
    // the next window starts at or after end − k2, so the latest boundary before it is newer than end − k2 − k1
    for (const b of saved.keys()) if (b < end - k2 - k1) saved.delete(b);
  }
  return { losses, state };
}
