export interface BenchArgs {
  json: string | null;
  /** Workload filters: a workload runs when its name contains any of them (or, for `=name`, is it). */
  only: string[];
  /** Implementation filters (dnn, dnn-wasm, tfjs-cpu, tfjs-wasm, torch); empty = all available. */
  impls: string[];
  /** dnn devices, in column order; the first is the baseline of the dnn/peer ratio. */
  devices: string[];
  budgetS: number;
  /** A peer cell whose single run exceeds this is stopped and reported as a timeout. */
  cellTimeoutS: number;
  /** Times every implementation measures every cell, alternating order; a cell reports the median. */
  rounds: number;
  /** Per-kernel times of dnn on WebGPU instead of the table (kernel-profile.ts). */
  profile: boolean;
  help: boolean;
}

export const USAGE = `usage: pnpm --filter @dnn/bench bench [options]
  --json FILE        also write the rows as JSON
  --only A,B         only workloads whose name contains A or B (e.g. matmul, conv2d-lenet);
                     =NAME selects exactly that workload (=conv2d-resnet-fwd, not its -fwdbwd)
  --impl A,B         only these implementations: dnn, dnn-wasm (1 and 2 threads), tfjs-cpu, tfjs-wasm, tfjs-webgpu, torch
  --device A,B       dnn devices to run (default cpu,cpu-ts: WebAssembly SIMD and TypeScript kernels;
                     webgpu: @dnn/webgpu, with tfjs-webgpu on the same adapter)
  --budget SECONDS   repeated-run time per cell after the warm-up (default 2)
  --rounds N         measure N times, the implementations alternating (A B, B A, …); each cell
                     reports the median over the rounds (default 1)
  --cell-timeout S   stop a tfjs cell whose single run takes longer (default 120)
  --profile          time each kernel of dnn on WebGPU (timestamp queries, or drained wall time) instead
  --help`;

const list = (v: string | undefined, flag: string): string[] => {
  if (!v || v.startsWith('--')) throw new Error(`bench: ${flag} needs a value\n${USAGE}`);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
};

const seconds = (v: string | undefined, flag: string): number => {
  const s = Number(v);
  if (!(s > 0)) throw new Error(`bench: ${flag} must be a positive number of seconds\n${USAGE}`);
  return s;
};

const count = (v: string | undefined, flag: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench: ${flag} must be a positive whole number\n${USAGE}`);
  return n;
};

/** Whether a workload named `name` passes the --only filters. */
export const selected = (only: readonly string[], name: string): boolean =>
  only.length === 0 || only.some((o) => (o.startsWith('=') ? name === o.slice(1) : name.includes(o)));

export function parseArgs(argv: readonly string[]): BenchArgs {
  const a: BenchArgs = { json: null, only: [], impls: [], devices: ['cpu', 'cpu-ts'], budgetS: 2, cellTimeoutS: 120, rounds: 1, profile: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case '--json': a.json = list(value(), name)[0]!; break;
      case '--only': a.only = list(value(), name); break;
      case '--impl': a.impls = list(value(), name); break;
      case '--device': a.devices = list(value(), name); break;
      case '--budget': a.budgetS = seconds(value(), name); break;
      case '--cell-timeout': a.cellTimeoutS = seconds(value(), name); break;
      case '--rounds': a.rounds = count(value(), name); break;
      case '--profile': a.profile = true; break;
      case '--help': case '-h': a.help = true; break;
      case '--': break;
      default: throw new Error(`bench: unknown option '${flag}'\n${USAGE}`);
    }
  }
  return a;
}
