import type { Row } from './types';

/** dnn on `device` over `row`, in throughput (> 1: dnn is faster); a lower bound when the row timed out. */
export interface Ratio {
  value: number;
  lowerBound: boolean;
}

export function ratio(rows: readonly Row[], row: Row, device: string): Ratio | null {
  const base = rows.find((r) => r.workload === row.workload && r.impl === 'dnn' && r.device === device);
  if (!base || base === row || base.ms === null) return null;
  if (row.ms !== null) return { value: row.ms / base.ms, lowerBound: false };
  if (row.msAbove !== undefined) return { value: row.msAbove / base.ms, lowerBound: true };
  return null;
}

const num = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2));

function msCell(r: Row): string {
  if (r.ms !== null) return num(r.ms);
  if (r.msAbove !== undefined) return `> ${num(r.msAbove)}`;
  return r.note?.startsWith('unsupported') ? 'unsupported' : 'n/a';
}

/**
 * A fixed-width text table, one line per row and a blank line between workloads, with one ratio
 * column per dnn device (`×cpu`: dnn on cpu over this row).
 */
export function formatTable(rows: readonly Row[], devices: readonly string[] = ['cpu']): string {
  const header = ['workload', 'impl', 'device', 'threads', 'ms', 'metric', 'unit', ...devices.map((d) => `×${d}`)];
  const body: string[][] = rows.map((r) => [
    r.workload, r.impl, r.device, String(r.threads), msCell(r), r.metric === null ? '' : num(r.metric), r.unit,
    ...devices.map((d) => {
      const q = ratio(rows, r, d);
      return q === null ? '' : `${q.lowerBound ? '> ' : ''}${num(q.value)}×`;
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const left = new Set([0, 1, 2, 6]);
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  body.forEach((b, i) => {
    if (i > 0 && rows[i]!.workload !== rows[i - 1]!.workload) out.push('');
    out.push(line(b));
  });
  return out.join('\n');
}

/** The `--json` file: the rows, ordered by workload as in the table. */
export function toJson(rows: readonly Row[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** Groups rows so each workload's implementations sit together, keeping first-seen order of both. */
export function byWorkload(rows: readonly Row[]): Row[] {
  const order: string[] = [];
  for (const r of rows) if (!order.includes(r.workload)) order.push(r.workload);
  return order.flatMap((w) => rows.filter((r) => r.workload === w));
}
