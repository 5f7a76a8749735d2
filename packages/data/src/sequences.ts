import {
  Tensor, ShapeError, ValueError, stack, concat, tensor, rand, randint, zeros, fmtShape,
  type DType, type Device, type Generator,
} from '@dnn/tensor';
import { shuffleInPlace, type Random } from './random';

export interface PadSequencesOptions {
  /** Stack as [N, T, …] instead of [T, N, …]. Default false (time-major, as torch's pad_sequence). */
  batchFirst?: boolean;
  /** The value of padded steps. Default 0. */
  paddingValue?: number;
}

/**
 * Pads sequences of different lengths ([Lᵢ, …], the same trailing shape) to the longest and stacks
 * them: [T, N, …] (or [N, T, …]), with their lengths as an int32 tensor [N] — what the recurrent
 * layers take as `lengths`. torch.nn.utils.rnn.pad_sequence plus the lengths.
 */
export function padSequences(sequences: readonly Tensor[], opts: PadSequencesOptions = {}): { padded: Tensor; lengths: Tensor } {
  if (sequences.length === 0) throw new ValueError('padSequences: no sequences given');
  const rest = sequences[0]!.shape.slice(1);
  sequences.forEach((s, i) => {
    if (s.rank < 1 || s.rank !== rest.length + 1 || s.shape.slice(1).some((d, k) => d !== rest[k])) {
      throw new ShapeError(`padSequences: sequence ${i} is ${fmtShape(s.shape)}, expected [L, ${rest.join(', ')}] like sequence 0 ${fmtShape(sequences[0]!.shape)}`);
    }
  });
  const lengths = sequences.map((s) => s.shape[0]!);
  const T = Math.max(...lengths);
  const padded = sequences.map((s) => (s.shape[0] === T ? s : s.pad([...rest.flatMap(() => [0, 0]), 0, T - s.shape[0]!], 'constant', opts.paddingValue ?? 0)));
  return {
    padded: stack(padded, opts.batchFirst ? 0 : 1),
    lengths: tensor(lengths, { dtype: 'int32', device: sequences[0]!.device }),
  };
}

export interface LengthSortedBatchesOptions {
  /** Mixes sequences of equal length and shuffles the order of the batches. Default: no shuffling. */
  random?: Random;
}

/**
 * Groups sequence indices into batches of similar length, longest first within and across batches, so
 * that a padded batch wastes few steps. With `random`, ties are broken at random and the batch order
 * is shuffled (each batch stays sorted by length, descending).
 */
export function lengthSortedBatches(lengths: readonly number[], batchSize: number, opts: LengthSortedBatchesOptions = {}): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`lengthSortedBatches: batchSize must be a positive integer, got ${batchSize}`);
  const order = lengths.map((_, i) => i);
  if (opts.random) shuffleInPlace(order, opts.random);
  order.sort((a, b) => lengths[b]! - lengths[a]!); // stable: shuffled ties stay shuffled
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  if (opts.random) shuffleInPlace(batches as unknown as number[], opts.random);
  return batches;
}

export interface SequenceTaskOptions {
  generator?: Generator;
  dtype?: DType;
  device?: Device;
}

/**
 * The adding problem, a long-range dependency test: each input step is (value ~ U(0, 1), marker);
 * exactly two steps are marked, one in the first half and one in the second, and the target is the
 * sum of their two values. Inputs [N, T, 2], targets [N, 1]. Predicting 1 (the mean) scores MSE ≈ 1/6.
 */
export function addingProblem(n: number, steps: number, opts: SequenceTaskOptions = {}): { inputs: Tensor; targets: Tensor } {
  if (!Number.isInteger(steps) || steps < 2) throw new ValueError(`addingProblem: steps must be an integer ≥ 2, got ${steps}`);
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`addingProblem: n must be a positive integer, got ${n}`);
  const dtype = opts.dtype ?? 'float32';
  const r = { generator: opts.generator, device: opts.device };
  const values = rand([n, steps], { ...r, dtype });
  const half = Math.floor(steps / 2);
  const first = randint(0, half, [n, 1], r);
  const second = randint(half, steps, [n, 1], r);
  const positions = tensor(Int32Array.from({ length: steps }, (_, i) => i), { device: values.device });
  const markers = positions.eq(first).logicalOr(positions.eq(second)).cast(dtype);
  const targets = values.mul(markers).sum(1, true);
  return { inputs: stack([values, markers], 2), targets };
}

/**
 * The copy task: `symbols` random symbols from 1…alphabet, then `delay` blanks (0), a go marker
 * (alphabet + 1) and `symbols − 1` more blanks; the target is blank until the marker, then the
 * symbols in order. Inputs and targets [N, symbols + delay + symbols] int32 (alphabet + 2 classes).
 */
export function copyTask(n: number, symbols: number, delay: number, alphabet = 8, opts: Omit<SequenceTaskOptions, 'dtype'> = {}): { inputs: Tensor; targets: Tensor } {
  const data = randint(1, alphabet + 1, [n, symbols], { generator: opts.generator, device: opts.device });
  const blanks = (k: number) => zeros([n, k], { dtype: 'int32', device: data.device });
  const go = zeros([n, 1], { dtype: 'int32', device: data.device }).add(alphabet + 1);
  const join = (parts: Tensor[]) => concat(parts.filter((p) => p.shape[1]! > 0), 1);
  return { inputs: join([data, blanks(delay), go, blanks(symbols - 1)]), targets: join([blanks(symbols + delay), data]) };
}
