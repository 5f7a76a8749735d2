import { liveTensorTraces, traceTensorCreation, type Tensor } from '@dnn/tensor';

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
  const own = frames.filter((f) => !LIBRARY_FRAME.test(f) || /\.test\.[jt]s/.test(f));
  return (own.length ? own : frames).slice(0, 3).map((f) => `    ${f}`).join('\n');
}

/**
 * Development-mode leak detector: traces tensor creation for the run. When the number of live
 * tensors grows over a step (from the third, once optimizer state exists), the tensors that step
 * created are watched for one more step: those still alive then are reported with the stacks that
 * made them (a tensor a step creates to replace another, like an updated weight, is gone by then).
 * Off, fit never creates one and the hot path pays nothing.
 */
export class LeakDetector {
  private previous = -1;
  private known = new Set<Tensor>();
  private pending: { epoch: number; step: number; growth: number; fresh: { tensor: Tensor; stack: string }[] } | null = null;
  private readonly wasOn: boolean;
  reports = 0;

  constructor(private readonly report: LeakReporter, private readonly maxReports = 5) {
    this.wasOn = liveTensorTraces().length > 0;
    traceTensorCreation(true);
  }

  afterStep(epoch: number, step: number, globalStep: number): void {
    const live = liveTensorTraces();
    const alive = new Set(live.map((l) => l.tensor));
    this.flush(alive);
    const growth = this.previous < 0 ? 0 : live.length - this.previous;
    if (globalStep >= 3 && growth > 0) this.pending = { epoch, step, growth, fresh: live.filter((l) => !this.known.has(l.tensor)) };
    this.known = alive;
    this.previous = live.length;
  }

  /** Reports the watched tensors still alive (at the next step, or when the run ends). */
  flush(alive = new Set(liveTensorTraces().map((l) => l.tensor))): void {
    const p = this.pending;
    this.pending = null;
    if (!p || this.reports >= this.maxReports) return;
    const left = p.fresh.filter((f) => alive.has(f.tensor));
    if (!left.length) return;
    this.reports++;
    const bySite = new Map<string, { count: number; shapes: string[] }>();
    for (const { tensor, stack } of left) {
      const where = site(stack);
      const s = bySite.get(where) ?? { count: 0, shapes: [] };
      s.count++;
      s.shapes.push(`[${tensor.shape.join(',')}]`);
      bySite.set(where, s);
    }
    this.report({ epoch: p.epoch, step: p.step, growth: p.growth, sites: [...bySite].map(([where, s]) => ({ where, ...s })) });
  }

  stop(): void {
    this.flush();
    this.known.clear();
    if (!this.wasOn) traceTensorCreation(false);
  }
}
