/** Aligned text tables: first column left-aligned, the rest right-aligned (numbers). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/**
 * The per-epoch table's columns for a run whose validation reports `metrics` (e.g. accuracy):
 * epoch, train loss, test loss, one column per metric (accuracy as a percentage), throughput, time.
 */
export function epochColumns(metrics: readonly string[], unit: string): { header: string[]; row(log: Record<string, number>): string[] } {
  const short = (m: string) => (m === 'accuracy' ? 'acc' : m);
  const key = (m: string) => `test${m[0]!.toUpperCase()}${m.slice(1)}`;
  const cell = (m: string, v: number | undefined) => (v === undefined ? '-' : m === 'accuracy' ? `${(v * 100).toFixed(2)}%` : v.toFixed(4));
  return {
    header: ['epoch', 'train loss', 'test loss', ...metrics.map((m) => `test ${short(m)}`), `${unit}/s`, 'time'],
    row: (r) => [
      String(r.epoch),
      r.trainLoss!.toFixed(4),
      r.testLoss === undefined ? '-' : r.testLoss.toFixed(4),
      ...metrics.map((m) => cell(m, r[key(m)])),
      Math.round(r.samplesPerSecond ?? r.imagesPerSecond ?? 0).toLocaleString('en-US'),
      `${r.seconds!.toFixed(1)}s`,
    ],
  };
}

/** A table printed row by row as results arrive: the header and rule first, then each row with the same widths. */
export class LiveTable {
  private readonly widths: number[];
  constructor(
    private readonly header: readonly string[],
    widths: readonly number[],
  ) {
    this.widths = header.map((h, c) => Math.max(h.length, widths[c] ?? 0));
  }

  head(): string {
    return `${this.line(this.header)}\n${this.widths.map((w) => '-'.repeat(w)).join('  ')}\n`;
  }

  row(cells: readonly string[]): string {
    return `${this.line(cells)}\n`;
  }

  private line(r: readonly string[]): string {
    return r.map((cell, c) => (c === 0 ? cell.padEnd(this.widths[c]!) : cell.padStart(this.widths[c]!))).join('  ').trimEnd();
  }
}
