import { describe, expect, it } from 'vitest';
import { parseArgs, selected } from './args';
import { measureInRounds, medianOverRounds, roundOrder } from './rounds';
import type { Implementation, Row, Workload } from './types';

const mm: Workload = { name: 'mm', description: '', spec: { kind: 'matmul', n: 10 }, work: 2000, unit: 'GFLOP/s' };
const row = (impl: string, ms: number | null, extra: Partial<Row> = {}): Row => ({
  workload: 'mm', impl, device: 'cpu', threads: 1, ms, metric: ms === null ? null : 1, unit: 'GFLOP/s', ...extra,
});

describe('bench rounds', () => {
  it('alternates the order: A B, B A, A B', () => {
    expect([0, 1, 2, 3].map((r) => roundOrder(['A', 'B'], r).join(''))).toEqual(['AB', 'BA', 'AB', 'BA']);
  });

  it('reports the median ms per cell and recomputes the metric from it', () => {
    const rows = medianOverRounds([[row('dnn', 10), row('peer', 50)], [row('peer', 20), row('dnn', 30)], [row('dnn', 12), row('peer', 40)]], [mm]);
    expect(rows.map((r) => [r.impl, r.ms])).toEqual([['dnn', 12], ['peer', 40]]);
    // 2000 flop in 12 ms = 2000 / 12e6 GFLOP/s
    expect(rows[0]!.metric).toBeCloseTo(2000 / 12e6, 15);
    // an even count averages the middle two
    expect(medianOverRounds([[row('dnn', 10)], [row('dnn', 20)]], [mm])[0]!.ms).toBe(15);
  });

  it('keeps the note of a cell no round measured, and says when only some rounds did', () => {
    const timeout = row('peer', null, { note: 'timeout', msAbove: 120_000 });
    expect(medianOverRounds([[timeout], [row('peer', null, { note: 'timeout', msAbove: 130_000 })]], [mm])).toEqual([timeout]);
    const [mixed] = medianOverRounds([[timeout], [row('peer', 90, { note: 'single run' })], [row('peer', 70)]], [mm]);
    expect(mixed).toMatchObject({ ms: 80, note: 'measured in 2 of 3 rounds' });
    expect(mixed!.msAbove).toBeUndefined();
  });

  it('runs the implementations in alternating order and parses --rounds', async () => {
    const calls: string[] = [];
    const impl = (name: string, ms: number[]): Implementation => ({
      impl: name, device: 'cpu', threads: 1,
      measure: async () => {
        calls.push(name);
        return [row(name, ms[calls.filter((c) => c === name).length - 1]!)];
      },
    });
    const rows = await measureInRounds([impl('A', [1, 5, 3]), impl('B', [9, 7, 8])], [mm], 3, { budgetS: 1, log: () => {} });
    expect(calls.join('')).toBe('ABBAAB');
    expect(rows.map((r) => r.ms)).toEqual([3, 8]);
    expect(parseArgs(['--rounds', '4']).rounds).toBe(4);
    expect(parseArgs([]).rounds).toBe(1);
    expect(() => parseArgs(['--rounds', '0'])).toThrow(/positive whole number/);
  });

  it('--only takes substrings, or =NAME for exactly one workload', () => {
    const names = ['conv2d-resnet-fwd', 'conv2d-resnet-fwdbwd', 'conv2d-resnet-fwd-f16', 'add-1M'];
    expect(names.filter((n) => selected(['resnet-fwd'], n))).toEqual(names.slice(0, 3));
    expect(names.filter((n) => selected(['=conv2d-resnet-fwd', 'add'], n))).toEqual(['conv2d-resnet-fwd', 'add-1M']);
    expect(names.filter((n) => selected([], n))).toEqual(names);
  });
});
