/** Where a command writes: stdout for results, stderr for progress and notes. Tests pass buffers. */
export interface TextSink {
  write(text: string): unknown;
  /** True when the sink is a terminal: progress bars redraw in place only then. */
  isTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

export interface Io {
  stdout: TextSink;
  stderr: TextSink;
  /** Aborted on Ctrl-C: long commands stop cleanly after the current step. */
  signal?: AbortSignal;
  /** How the user runs this program, for the commands it suggests ('dnn', or 'pnpm dnn' in the repository). */
  prog?: string;
}

/** Bad usage (unknown option, bad number, unknown model): printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command whose --help to point at, e.g. 'train'. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A sink that keeps what is written, for tests and for capturing output. */
export class BufferSink implements TextSink {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns = 100,
  ) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}
