import { median, metricOf } from './timing';
import type { Implementation, MeasureOptions, Row, Workload } from './types';

/**
 * The order of the implementations in round `r` (0-based): forward in even rounds, backward in odd
 * ones (A B, B A, A B …), so a load change during the run falls on both sides of every ratio.
 */
export function roundOrder<T>(impls: readonly T[], r: number): T[] {
  return r % 2 === 0 ? [...impls] : [...impls].reverse();
}

const cellKey = (r: Row) => `${r.workload}\u0000${r.impl}\u0000${r.device}\u0000${r.threads}`;

/**
 * One row per cell from the rows of every round: the median ms over the rounds that measured it (the
 * metric recomputed from that median). A cell no round measured keeps its first round's row (its
 * unsupported or timeout note); a cell measured in only some rounds says so in its note. Cells keep
 * the order of their first appearance.
 */
export function medianOverRounds(rounds: readonly (readonly Row[])[], workloads: readonly Workload[]): Row[] {
  const cells = new Map<string, Row[]>();
  for (const round of rounds) for (const row of round) {
    const k = cellKey(row);
    const seen = cells.get(k);
    if (seen) seen.push(row);
    else cells.set(k, [row]);
  }
  return [...cells.values()].map((rows) => {
    const measured = rows.filter((r) => r.ms !== null);
    if (measured.length === 0) return rows[0]!;
    const ms = median(measured.map((r) => r.ms!));
    const w = workloads.find((x) => x.name === rows[0]!.workload);
    const { note: _note, msAbove: _above, ...first } = measured[0]!;
    const partial = measured.length < rows.length ? { note: `measured in ${measured.length} of ${rows.length} rounds` } : {};
    return { ...first, ms, metric: w ? metricOf(w, ms) : first.metric, ...partial };
  });
}

/** Every implementation measures every workload `rounds` times, alternating as roundOrder says. */
export async function measureInRounds(
  impls: readonly Implementation[], workloads: readonly Workload[], rounds: number, opts: MeasureOptions,
): Promise<Row[]> {
  const all: Row[][] = [];
  for (let r = 0; r < rounds; r++) {
    const round: Row[] = [];
    for (const impl of roundOrder(impls, r)) {
      opts.log(`${rounds > 1 ? `round ${r + 1}/${rounds}: ` : ''}${impl.impl} (${impl.device}, ${impl.threads} thread${impl.threads === 1 ? '' : 's'}):`);
      round.push(...(await impl.measure(workloads, opts)));
    }
    all.push(round);
  }
  return medianOverRounds(all, workloads);
}
