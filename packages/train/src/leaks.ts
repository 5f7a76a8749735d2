import { liveTensorTraces, traceTensorCreation } from '@dnn/tensor';

/** Tensors a training step left alive, grouped by where they were created. */
export interface LeakReport {
  epoch: number;
  step: number;
  /** Live tensors after this step minus after the previous one. */
  growth: number;
  sites: { where: string; count: number; shapes: string[] }[];
}

export type LeakReporter = (report: LeakReport) => void;

/** Whether leak detection is asked for by the environment: DNN_DETECT_LEAKS=1. */
export function leaksFromEnv(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.DNN_DETECT_LEAKS === '1';
}

export function formatLeakReport(r: LeakReport): string {
  const lines = r.sites.map((s) => `  ${s.count} × ${s.shapes.slice(0, 3).join(' ')}${s.shapes.length > 3 ? ' …' : ''} created at\n${s.where}`);
  return `dnn leak report: epoch ${r.epoch} step ${r.step} left ${r.growth} more tensor${r.growth === 1 ? '' : 's'} alive than the step before\n${lines.join('\n')}`;
}

// frames inside the library (and the runtime) say nothing about which user line forgot a dispose
const LIBRARY_FRAME = /[\\/](tensor|train)[\\/](src|dist)[\\/]|node:internal|node_modules[\\/]/;

function site(stack: string): string {
  const frames = stack.split('\n').slice(1).map((f) => f.trim());
  const own = frames.filter((f) => !LIBRARY_FRAME.test(f));
  return (own.length ? own : frames).slice(0, 3).map((f) => `    ${f}`).join('\n');
}

/**
 * Development-mode leak detector: traces tensor creation for the run and, after each step (from
 * the third, once optimizer state exists), reports the tensors the step left alive when their
 * number grew. Off, fit never creates one and the hot path pays nothing.
 */
export class LeakDetector {
  private previous = -1;
  private readonly wasOn: boolean;
  reports = 0;

  constructor(private readonly report: LeakReporter, private readonly maxReports = 5) {
    this.wasOn = liveTensorTraces().length > 0;
    traceTensorCreation(true);
  }

  afterStep(epoch: number, step: number, globalStep: number): void {
    const live = liveTensorTraces();
    const growth = this.previous < 0 ? 0 : live.length - this.previous;
    this.previous = live.length;
    if (globalStep < 3 || growth <= 0 || this.reports >= this.maxReports) return;
    this.reports++;
    const bySite = new Map<string, { count: number; shapes: string[] }>();
    // in creation order: the newest live tensors, as many as the count grew by, are the step's leftovers
    for (const { tensor, stack } of live.slice(live.length - growth)) {
      const where = site(stack);
      const s = bySite.get(where) ?? { count: 0, shapes: [] };
      s.count++;
      s.shapes.push(`[${tensor.shape.join(',')}]`);
      bySite.set(where, s);
    }
    this.report({ epoch, step, growth, sites: [...bySite].map(([where, s]) => ({ where, ...s })) });
  }

  stop(): void {
    if (!this.wasOn) traceTensorCreation(false);
  }
}
