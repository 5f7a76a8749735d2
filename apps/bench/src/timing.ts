import type { Builder, Implementation, Kind, MeasureOptions, Row, Runner, Workload } from './types';

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface Timing {
  ms: number;
  runs: number;
}

const MIN_RUNS = 3;
const MAX_RUNS = 200;

/**
 * One warm-up run, then repetitions until `budgetS` is spent (at least 3, at most 200); the median.
 * A warm-up that alone takes longer than the budget is the measurement (runs = 1), which keeps
 * the slowest peers from stretching the whole benchmark.
 */
export async function timeRunner(runner: Runner, budgetS: number): Promise<Timing> {
  const budgetMs = budgetS * 1000;
  const once = async () => {
    const t0 = performance.now();
    await runner.run();
    return performance.now() - t0;
  };
  await runner.warmUp?.();
  const warm = await once();
  if (warm > budgetMs) return { ms: warm, runs: 1 };
  const times: number[] = [];
  const start = performance.now();
  while (times.length < MAX_RUNS && (times.length < MIN_RUNS || performance.now() - start < budgetMs)) times.push(await once());
  return { ms: median(times), runs: times.length };
}

/** A metric in the workload's unit from a time per run. */
export const metricOf = (w: Workload, ms: number): number => (w.unit === 'images/s' || w.unit === 'steps/s' || w.unit === 'sequences/s' ? w.work / (ms / 1e3) : w.work / (ms * 1e6));

export type Builders = { [K in Kind]?: Builder<K> };

/** The same builders, their runners given an untimed first run (shader compilation on a GPU). */
export function withWarmUp(builders: Builders): Builders {
  const out: Builders = {};
  for (const [kind, build] of Object.entries(builders) as [Kind, Builder<Kind>][]) {
    (out as Record<Kind, Builder<Kind>>)[kind] = (spec) => {
      const r = build(spec);
      return 'unsupported' in r ? r : { ...r, warmUp: () => r.run() };
    };
  }
  return out;
}

/** An implementation that runs inside this process: builders per workload kind, timed by timeRunner. */
export function inProcess(impl: string, device: string, threads: number, builders: () => Builders | Promise<Builders>): Implementation {
  // made once: later rounds (--rounds) reuse the device and its compiled kernels
  let made: Promise<Builders> | null = null;
  return {
    impl, device, threads,
    async measure(workloads: readonly Workload[], opts: MeasureOptions): Promise<Row[]> {
      const table = await (made ??= Promise.resolve(builders()));
      const rows: Row[] = [];
      for (const w of workloads) {
        const base = { workload: w.name, impl, device, threads, unit: w.unit };
        const build = table[w.spec.kind] as Builder<Kind> | undefined;
        const prepared = build ? build(w.spec as never) : { unsupported: `no ${w.spec.kind} builder` };
        if ('unsupported' in prepared) {
          rows.push({ ...base, ms: null, metric: null, note: `unsupported: ${prepared.unsupported}` });
          opts.log(`  ${impl} ${w.name}: unsupported (${prepared.unsupported})`);
          continue;
        }
        try {
          const t = await timeRunner(prepared, opts.budgetS);
          rows.push({ ...base, ms: t.ms, metric: metricOf(w, t.ms), ...(t.runs === 1 ? { note: 'single run' } : {}) });
          opts.log(`  ${impl} ${w.name}: ${t.ms.toFixed(2)} ms (${t.runs} run${t.runs === 1 ? '' : 's'})`);
        } finally {
          prepared.dispose();
        }
      }
      return rows;
    },
  };
}
