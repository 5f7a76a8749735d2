/**
 * Training recipes shared by the dnn child (`train-steps.ts`) and the PyTorch child
 * (`peers/torch_train_steps.py`, which gets the recipe as JSON), and the arithmetic of the report.
 * Each recipe is the one `dnn train MODEL` uses: same batch, optimizer and learning rate.
 */
export interface TrainRecipe {
  readonly model: 'lenet5' | 'resnet20';
  readonly title: string;
  readonly batch: number;
  readonly optimizer: 'adam' | 'adamw';
  readonly lr: number;
  readonly weightDecay: number;
  /** Timed steps when `--steps` is not given. */
  readonly steps: number;
}

/** Fashion-MNIST's training set: the epoch the timings are scaled to. */
export const EPOCH_IMAGES = 60_000;

export const TRAIN_RECIPES: Record<TrainRecipe['model'], TrainRecipe> = {
  lenet5: { model: 'lenet5', title: 'LeNet-5 (modern)', batch: 64, optimizer: 'adamw', lr: 2e-3, weightDecay: 0.05, steps: 100 },
  resnet20: { model: 'resnet20', title: 'ResNet-20 (3×3 stem, 1 input channel, 16/32/64)', batch: 128, optimizer: 'adam', lr: 1e-3, weightDecay: 0, steps: 20 },
};

/** What each child prints as its last stdout line. */
export interface StepsResult {
  readonly impl: string;
  readonly steps: number;
  readonly batch: number;
  readonly msPerStep: number;
  /** Peak resident set size of the whole child process, in KiB (Linux ru_maxrss). */
  readonly maxRssKiB: number;
}

export interface ReportLine {
  readonly impl: string;
  readonly imagesPerS: number;
  /** Seconds for EPOCH_IMAGES images at the measured rate (the last batch counted whole). */
  readonly epochS: number;
  readonly peakRssMiB: number;
}

export function reportLine(r: StepsResult): ReportLine {
  const stepsPerEpoch = Math.ceil(EPOCH_IMAGES / r.batch);
  return { impl: r.impl, imagesPerS: (1000 * r.batch) / r.msPerStep, epochS: (stepsPerEpoch * r.msPerStep) / 1000, peakRssMiB: r.maxRssKiB / 1024 };
}

/** A markdown table of the lines, with dnn's ratios to the last line (the peer). */
export function formatReport(lines: readonly ReportLine[]): string {
  const peer = lines[lines.length - 1]!;
  const out = ['| implementation | images/s | epoch (s, extrapolated) | peak RSS (MiB) |', '| --- | ---: | ---: | ---: |'];
  for (const l of lines) out.push(`| ${l.impl} | ${l.imagesPerS.toFixed(1)} | ${l.epochS.toFixed(0)} | ${l.peakRssMiB.toFixed(0)} |`);
  for (const l of lines.slice(0, -1)) {
    out.push(`\n${l.impl} / ${peer.impl}: speed ${(l.imagesPerS / peer.imagesPerS).toFixed(2)}×, peak RSS ${(l.peakRssMiB / peer.peakRssMiB).toFixed(2)}×`);
  }
  return out.join('\n');
}

/** The child's result: the last line of its stdout, JSON. */
export function parseStepsResult(stdout: string): StepsResult {
  const last = stdout.trim().split('\n').pop() ?? '';
  const r = JSON.parse(last) as Partial<StepsResult>;
  for (const k of ['steps', 'batch', 'msPerStep', 'maxRssKiB'] as const) {
    if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) throw new Error(`bench:train: child result has no numeric ${k}: ${last}`);
  }
  return r as StepsResult;
}
