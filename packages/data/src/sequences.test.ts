import { describe, it, expect } from 'vitest';
import { tensor, Generator, ShapeError, ValueError } from '@dnn/tensor';
import { padSequences, lengthSortedBatches, addingProblem, copyTask } from './sequences';
import { seededRandom } from './random';

describe('sequence helpers', () => {
  it('padSequences pads to the longest, time-major or batch-first, and returns the lengths', () => {
    const a = tensor([[1, 2], [3, 4], [5, 6]]);
    const b = tensor([[7, 8]]);
    const { padded, lengths } = padSequences([a, b], { paddingValue: -1 });
    expect(padded.shape).toEqual([3, 2, 2]);
    expect(padded.arraySync()).toEqual([[[1, 2], [7, 8]], [[3, 4], [-1, -1]], [[5, 6], [-1, -1]]]);
    expect(lengths.dtype).toBe('int32');
    expect(Array.from(lengths.dataSync())).toEqual([3, 1]);
    const bf = padSequences([tensor([1, 2]), tensor([3])], { batchFirst: true });
    expect(bf.padded.arraySync()).toEqual([[1, 2], [3, 0]]);
    expect(() => padSequences([a, tensor([[1, 2, 3]])])).toThrow(ShapeError);
    expect(() => padSequences([])).toThrow(ValueError);
  });

  it('lengthSortedBatches groups by length, longest first; shuffled it keeps every index once and each batch sorted', () => {
    const lengths = [3, 9, 1, 7, 7, 2, 5];
    expect(lengthSortedBatches(lengths, 3)).toEqual([[1, 3, 4], [6, 0, 5], [2]]);
    const shuffled = lengthSortedBatches(lengths, 2, { random: seededRandom(1) });
    expect(shuffled.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const b of shuffled) expect(b.map((i) => lengths[i]!)).toEqual(b.map((i) => lengths[i]!).sort((x, y) => y - x));
    expect(() => lengthSortedBatches(lengths, 0)).toThrow(ValueError);
  });

  it('addingProblem marks one step in each half and targets the sum of the two marked values', () => {
    const { inputs, targets } = addingProblem(50, 10, { generator: new Generator(3), dtype: 'float64' });
    expect(inputs.shape).toEqual([50, 10, 2]);
    const x = inputs.arraySync() as number[][][];
    const y = targets.dataSync();
    x.forEach((seq, n) => {
      const marked = seq.flatMap(([, m], t) => (m === 1 ? [t] : []));
      expect(marked).toHaveLength(2);
      expect(marked[0]!).toBeLessThan(5);
      expect(marked[1]!).toBeGreaterThanOrEqual(5);
      expect(y[n]).toBeCloseTo(seq[marked[0]!]![0]! + seq[marked[1]!]![0]!, 12);
    });
    const again = addingProblem(50, 10, { generator: new Generator(3), dtype: 'float64' });
    expect(Array.from(again.targets.dataSync())).toEqual(Array.from(y));
  });

  it('copyTask asks for the symbols back after the delay and the go marker', () => {
    const { inputs, targets } = copyTask(4, 3, 5, 8, { generator: new Generator(2) });
    expect(inputs.shape).toEqual([4, 11]);
    const x = inputs.arraySync() as number[][], y = targets.arraySync() as number[][];
    x.forEach((row, n) => {
      expect(row.slice(3, 8)).toEqual([0, 0, 0, 0, 0]);
      expect(row[8]).toBe(9);
      expect(y[n]!.slice(0, 8)).toEqual(new Array(8).fill(0));
      expect(y[n]!.slice(8)).toEqual(row.slice(0, 3));
      for (const s of row.slice(0, 3)) expect(s >= 1 && s <= 8).toBe(true);
    });
  });
});
