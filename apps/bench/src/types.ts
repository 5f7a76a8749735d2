/** One benchmark problem. `spec` says what to compute; every implementation that knows `spec.kind` runs it. */
export interface Workload {
  readonly name: string;
  readonly description: string;
  readonly spec: WorkloadSpec;
  /** Floating-point operations (GFLOP/s rows), bytes moved (GB/s rows) or images (images/s rows) per run. */
  readonly work: number;
  readonly unit: Unit;
}

export type Unit = 'GFLOP/s' | 'GB/s' | 'images/s' | 'steps/s' | 'sequences/s';

/**
 * The problem kinds. Add a kind here (e.g. a LeNet-5 training step), a workload using it in
 * workloads.ts, and a builder in each implementation that supports it; the others report "unsupported".
 */
export type WorkloadSpec =
  | { readonly kind: 'matmul'; readonly n: number }
  | {
    readonly kind: 'conv2d';
    /** NCHW input and [out, in, kh, kw] weight, as in PyTorch. */
    readonly x: readonly [number, number, number, number];
    readonly w: readonly [number, number, number, number];
    readonly pad: number;
    /** Also the gradients with respect to input and weight. */
    readonly backward: boolean;
  }
  | { readonly kind: 'add'; readonly n: number }
  /** float16 matmul and forward convolution (workloads-half.ts). */
  | { readonly kind: 'matmul-f16'; readonly n: number }
  | { readonly kind: 'conv2d-f16'; readonly x: readonly [number, number, number, number]; readonly w: readonly [number, number, number, number]; readonly pad: number }
  /** One LeNet-5 (modern) training step: forward, cross-entropy, backward, SGD (or AdamW, as `dnn train`) update. */
  | { readonly kind: 'lenet-train'; readonly batch: number; readonly optimizer?: 'sgd' | 'adamw' }
  /** One training step of @dnn/generative's convolutional VAE or DCGAN (generative-workloads.ts). */
  | { readonly kind: 'conv-vae-train'; readonly batch: number }
  | { readonly kind: 'dcgan-train'; readonly batch: number }
  /** [m, k]·[k, n] by the same B every run, as a recurrent step multiplies by W_hh (workloads-gemm.ts). */
  | { readonly kind: 'matmul-mkn'; readonly m: number; readonly k: number; readonly n: number; readonly transposeB: boolean }
  /** A recurrent layer's forward and backward over a batch of sequences (workloads-recurrent.ts). */
  | { readonly kind: 'rnn-fwdbwd'; readonly cell: 'LSTM' | 'GRU'; readonly batch: number; readonly seq: number; readonly input: number; readonly hidden: number }
  /** A 2-layer GCN or GAT forward + backward on a two-class stochastic block model (workloads-graph.ts). */
  | {
    readonly kind: 'gnn'; readonly model: 'gcn' | 'gat';
    readonly nodes: number; readonly edges: number; readonly features: number; readonly hidden: number;
    readonly classes: number; readonly heads: number;
  };

export type Kind = WorkloadSpec['kind'];

/** A prepared run: inputs allocated, `run` does one timed repetition. */
export interface Runner {
  run(): void | Promise<void>;
  dispose(): void;
  /** An untimed run before the timed warm-up: on a GPU the first run compiles its shaders. */
  warmUp?(): void | Promise<void>;
}

/** What a builder returns when the implementation cannot run the workload (and why). */
export interface Unsupported {
  readonly unsupported: string;
}

export type Builder<K extends Kind> = (spec: Extract<WorkloadSpec, { kind: K }>) => Runner | Unsupported;

/** One measured (or unsupported) cell of the table. These are the `--json` rows. */
export interface Row {
  workload: string;
  impl: string;
  device: string;
  threads: number;
  /** Median milliseconds per run; null when the implementation could not run it. */
  ms: number | null;
  metric: number | null;
  unit: Unit;
  /** Why there is no number, or how it was measured when unusual (a single run). */
  note?: string;
  /** A run was stopped after this many ms: the time is unknown but larger. */
  msAbove?: number;
}

/** An implementation column: dnn on a device, or a peer library. */
export interface Implementation {
  readonly impl: string;
  readonly device: string;
  readonly threads: number;
  /** Measures every workload it is given, in order, returning one row each. */
  measure(workloads: readonly Workload[], opts: MeasureOptions): Promise<Row[]>;
}

export interface MeasureOptions {
  /** Seconds of repeated runs per cell after the warm-up run. */
  readonly budgetS: number;
  readonly log: (line: string) => void;
}
