import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { byWorkload, formatTable, ratio, toJson } from './format';
import { median, metricOf } from './timing';
import type { Row, Workload } from './types';

const row = (workload: string, impl: string, device: string, ms: number | null, extra: Partial<Row> = {}): Row => ({
  workload, impl, device, threads: 1, ms, metric: ms === null ? null : 1000 / ms, unit: 'GFLOP/s', ...extra,
});

// fake timings: dnn 10 ms on cpu and 40 ms on cpu-ts, a peer at 50 ms, one unsupported, one timed out
const rows: Row[] = [
  row('mm', 'dnn', 'cpu', 10),
  row('conv', 'dnn', 'cpu', 20),
  row('mm', 'dnn', 'cpu-ts', 40),
  row('mm', 'tfjs-cpu', 'cpu', 50),
  row('conv', 'tfjs-wasm', 'cpu', null, { note: 'unsupported: no Conv2DBackpropFilter kernel' }),
  row('conv', 'tfjs-cpu', 'cpu', null, { note: 'timeout: one run took over 120 s', msAbove: 120_000 }),
];

describe('bench formatting', () => {
  it('ratios are dnn throughput over the row, lower bounds for timeouts', () => {
    expect(ratio(rows, rows[3]!, 'cpu')).toEqual({ value: 5, lowerBound: false });
    expect(ratio(rows, rows[3]!, 'cpu-ts')).toEqual({ value: 1.25, lowerBound: false });
    expect(ratio(rows, rows[2]!, 'cpu')).toEqual({ value: 4, lowerBound: false });
    expect(ratio(rows, rows[0]!, 'cpu')).toBeNull();
    expect(ratio(rows, rows[4]!, 'cpu')).toBeNull();
    expect(ratio(rows, rows[5]!, 'cpu')).toEqual({ value: 6000, lowerBound: true });
  });

  it('groups rows by workload in first-seen order', () => {
    expect(byWorkload(rows).map((r) => `${r.workload}/${r.impl}/${r.device}`)).toEqual([
      'mm/dnn/cpu', 'mm/dnn/cpu-ts', 'mm/tfjs-cpu/cpu', 'conv/dnn/cpu', 'conv/tfjs-wasm/cpu', 'conv/tfjs-cpu/cpu',
    ]);
  });

  it('prints an aligned table with one ratio column per dnn device', () => {
    const table = formatTable(byWorkload(rows), ['cpu', 'cpu-ts']);
    expect(table.split('\n')).toEqual([
      'workload  impl       device  threads           ms  metric  unit        ×cpu  ×cpu-ts',
      '--------  ---------  ------  -------  -----------  ------  -------  -------  -------',
      'mm        dnn        cpu           1         10.0     100  GFLOP/s             0.25×',
      'mm        dnn        cpu-ts        1         40.0    25.0  GFLOP/s    4.00×',
      'mm        tfjs-cpu   cpu           1         50.0    20.0  GFLOP/s    5.00×    1.25×',
      '',
      'conv      dnn        cpu           1         20.0    50.0  GFLOP/s',
      'conv      tfjs-wasm  cpu           1  unsupported          GFLOP/s',
      'conv      tfjs-cpu   cpu           1     > 120000          GFLOP/s  > 6000×',
    ]);
  });

  it('writes the rows as JSON with the documented fields', () => {
    const parsed = JSON.parse(toJson(rows)) as Row[];
    expect(parsed).toHaveLength(6);
    expect(Object.keys(parsed[0]!)).toEqual(['workload', 'impl', 'device', 'threads', 'ms', 'metric', 'unit']);
    expect(parsed[4]).toMatchObject({ ms: null, metric: null, note: 'unsupported: no Conv2DBackpropFilter kernel' });
  });

  it('medians and metrics', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const w: Workload = { name: 'mm', description: '', spec: { kind: 'matmul', n: 1000 }, work: 2e9, unit: 'GFLOP/s' };
    expect(metricOf(w, 500)).toBe(4);
  });

  it('parses the command line', () => {
    expect(parseArgs(['--json', 'out.json', '--only', 'matmul,conv2d-lenet', '--budget=0.5'])).toMatchObject({
      json: 'out.json', only: ['matmul', 'conv2d-lenet'], budgetS: 0.5, devices: ['cpu', 'cpu-ts'],
    });
    expect(() => parseArgs(['--budget', '-1'])).toThrow(/--budget must be a positive/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option '--frobnicate'/);
  });
});
