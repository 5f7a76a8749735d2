/** Where progress goes: a stream (process.stderr) or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  /** True when the sink is a terminal: the bar redraws in place only then. */
  isTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

export interface ProgressOptions {
  /** Printed before the bar, e.g. 'epoch 3/15'. */
  label: string;
  /** Units of work in all; undefined when unknown (a download without a size). */
  total: number | undefined;
  /** Milliseconds between redraws on a terminal (default 100). */
  interval?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/**
 * A progress bar on a terminal (redrawn in place, at most every `interval` ms), or plain lines at
 * every tenth of the work when the sink is a file or a pipe, so logs stay readable.
 */
export class ProgressBar {
  private readonly now: () => number;
  private readonly interval: number;
  private readonly start: number;
  private lastDraw = -Infinity;
  private lastTenth = 0;
  private drawn = false;

  constructor(
    private readonly sink: TextSink,
    private readonly opts: ProgressOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.interval = opts.interval ?? 100;
    this.start = this.now();
  }

  /** Seconds since the bar was made. */
  get elapsed(): number {
    return (this.now() - this.start) / 1000;
  }

  /** Reports `done` units with extra fields, e.g. 'loss 0.512'. */
  update(done: number, info = ''): void {
    const { total } = this.opts;
    if (this.sink.isTTY) {
      const t = this.now();
      if (t - this.lastDraw < this.interval && done !== total) return;
      this.lastDraw = t;
      this.sink.write(`\r\x1b[2K${this.line(done, info, true)}`);
      this.drawn = true;
      return;
    }
    if (total === undefined || total <= 0) return;
    const tenth = Math.floor((10 * done) / total);
    if (tenth > this.lastTenth && done < total) {
      this.lastTenth = tenth;
      this.sink.write(`${this.line(done, info, false)}\n`);
    }
  }

  /** Ends the bar with its final line. */
  finish(done: number, info = ''): void {
    const line = this.line(done, info, false);
    this.sink.write(this.sink.isTTY && this.drawn ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  private line(done: number, info: string, bar: boolean): string {
    const { label, total } = this.opts;
    const parts = [label];
    let eta: number | undefined;
    if (total !== undefined && total > 0) {
      const frac = Math.min(1, done / total);
      if (bar) {
        const width = Math.max(10, Math.min(30, (this.sink.columns ?? 80) - 70));
        const full = Math.round(frac * width);
        parts.push(`[${'='.repeat(full)}${' '.repeat(width - full)}]`);
      }
      parts.push(`${String(Math.floor(frac * 100)).padStart(3)}%`, `${done}/${total}`);
      if (done > 0 && done < total) eta = (this.elapsed * (total - done)) / done;
    } else {
      parts.push(String(done));
    }
    if (info) parts.push(info);
    parts.push(eta === undefined ? formatDuration(this.elapsed) : `${formatDuration(this.elapsed)}, eta ${formatDuration(eta)}`);
    return parts.join(' ');
  }
}

/** 75.2 → '1m15s', 4.3 → '4.3s', 3725 → '1h02m'. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** 12345.6 → '12,346'. */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');
