import { Module, Tensor, ShapeError, ValueError, stack, fmtShape } from '@dnn/tensor';
import { readLengths, stepMasks, type Lengths } from './lengths';

/** A recurrent state: one tensor of any shape, or a tuple of tensors (an LSTM's (h, c)). Dim 0 is the batch. */
export type State = Tensor | readonly Tensor[];

/**
 * One step of a recurrent system x(t+1) = f[x(t), u(t)]: the next state from the state and the input.
 * Write it with tensor ops and `Recurrent` gives backpropagation through time for free.
 */
export interface Cell<S extends State = State> {
  forward(state: S, input: Tensor): S;
  /** The state before the first step, for a batch of `batch` inputs like `input`; used when none is given. */
  initialState?(batch: number, input: Tensor): S;
}

/** The state type a cell takes (its forward's first parameter). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StateOf<C> = C extends { forward(state: infer S, input: Tensor): any } ? (S extends State ? S : never) : never;

export interface RecurrentOptions {
  /** Inputs are [N, T, …] instead of [T, N, …]; the stacked states follow. Default false. */
  batchFirst?: boolean;
  /** Run the sequence from its last step to its first (with lengths: from each sequence's own last step). Default false. */
  reverse?: boolean;
}

export interface RecurrentResult<S extends State> {
  /** The state after every step, stacked along the time dim (a tuple state gives a tuple of stacks). */
  states: S;
  /** The state after each sequence's last valid step. */
  final: S;
}

const asList = (s: State): readonly Tensor[] => (s instanceof Tensor ? [s] : s);
const like = <S extends State>(template: S, list: Tensor[]): S => (template instanceof Tensor ? list[0]! : list) as unknown as S;

/**
 * Unrolls a cell over time: sₜ = cell(sₜ₋₁, uₜ) for t = 1…T, with the cell's weights shared by every
 * step. With `lengths`, sequence n only takes its first lengths[n] steps: on a padded step the state is
 * carried unchanged (a mask-selected update), so padding neither changes the final state nor receives
 * gradient.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class Recurrent<C extends Module & Cell<any> = Module & Cell<State>, S extends State = StateOf<C>> extends Module {
  readonly batchFirst: boolean;
  readonly reverse: boolean;

  constructor(readonly cell: C, opts: RecurrentOptions = {}) {
    super();
    this.batchFirst = opts.batchFirst ?? false;
    this.reverse = opts.reverse ?? false;
  }

  forward(inputs: Tensor, initialState?: S, opts: { lengths?: Lengths } = {}): RecurrentResult<S> {
    const who = `Recurrent(${this.cell.constructor.name})`;
    if (inputs.rank < 2) throw new ShapeError(`${who}: expected inputs [T, N, …] or [N, T, …] (batchFirst), got ${fmtShape(inputs.shape)}`);
    const timeDim = this.batchFirst ? 1 : 0;
    const steps = inputs.shape[timeDim]!;
    const batch = inputs.shape[1 - timeDim]!;
    if (steps === 0) throw new ShapeError(`${who}: the sequence has no steps (inputs ${fmtShape(inputs.shape)})`);
    const first = inputs.select(timeDim, 0);
    let state: S;
    if (initialState !== undefined) state = initialState;
    else if (this.cell.initialState) state = this.cell.initialState(batch, first) as S;
    else throw new ValueError(`${who}: the cell has no initialState(); pass an initial state`);
    for (const s of asList(state)) {
      if (s.rank < 1 || s.shape[0] !== batch) throw new ShapeError(`${who}: every initial state tensor must be [${batch}, …] (batch first), got ${fmtShape(s.shape)}`);
    }
    const masks = opts.lengths === undefined ? null : stepMasks(readLengths(opts.lengths, steps, batch, who), steps, inputs);
    const order = [...Array(steps).keys()];
    if (this.reverse) order.reverse();
    const history: (readonly Tensor[])[] = new Array(steps);
    for (const t of order) {
      const next = asList(this.cell.forward(state, inputs.select(timeDim, t)) as S);
      const prev = asList(state);
      if (next.length !== prev.length) throw new ShapeError(`${who}: the cell returned ${next.length} state tensors, expected ${prev.length}`);
      const kept = next.map((n, i) => {
        if (n.shape.length !== prev[i]!.shape.length || n.shape.some((d, k) => d !== prev[i]!.shape[k])) {
          throw new ShapeError(`${who}: the cell changed state ${i} from ${fmtShape(prev[i]!.shape)} to ${fmtShape(n.shape)}`);
        }
        if (!masks) return n;
        const m = masks[t]!.reshape([batch, ...Array(n.rank - 1).fill(1)]);
        return m.where(n, prev[i]!);
      });
      state = like(state, kept);
      history[t] = kept;
    }
    const stacked = asList(state).map((_, i) => stack(history.map((h) => h[i]!), timeDim));
    return { states: like(state, stacked), final: state };
  }
}
