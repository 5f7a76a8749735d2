/** Aligned text tables: first column left-aligned, the rest right-aligned (numbers). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** The per-epoch table's columns, and one row of it: shared by the live output of train and its tests. */
export const EPOCH_HEADER = ['epoch', 'train loss', 'test loss', 'test acc', 'img/s', 'time'] as const;

export function epochRow(r: { epoch: number; trainLoss: number; testLoss: number; testAccuracy: number; imagesPerSecond: number; seconds: number }): string[] {
  return [
    String(r.epoch),
    r.trainLoss.toFixed(4),
    r.testLoss.toFixed(4),
    `${(r.testAccuracy * 100).toFixed(2)}%`,
    Math.round(r.imagesPerSecond).toLocaleString('en-US'),
    `${r.seconds.toFixed(1)}s`,
  ];
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
