import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { curvesSvg, type Callback, type EpochLog } from '@dnn/train';
import { checkpoint, metricsJson, progressBar, removeStaleTempFiles, svgCurves, writeMetricsJson, writeTextAtomic } from '@dnn/train/node';
import { CHECKPOINT_FILE, checkpointMetadata } from './checkpoint';
import type { TrainConfig } from './config';
import type { Demo } from './demos/types';
import type { Io } from './io';
import { epochColumns, LiveTable } from './table';

/** One record of metrics.json for an image demo (other demos name the throughput after their unit, and add their figures). */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
  imagesPerSecond: number;
  seconds: number;
}

/** What the files and the table of a run need to know about it. */
export interface RunView {
  entry: Demo<any>;
  config: TrainConfig;
  out: string;
  unit: { short: string; long: string };
}

/** metrics.json's records: fit's logs with the throughput named after the demo's unit (imagesPerSecond). */
function metricsRecords(logs: EpochLog[], unit: { long: string }): Record<string, number>[] {
  return logs.map(({ samplesPerSecond, ...r }) => ({ ...r, [`${unit.long}PerSecond`]: samplesPerSecond }));
}

function curvesTitle(v: RunView): string {
  return `${v.entry.title} (${v.config.variant})${v.entry.dataName ? ` on ${v.entry.dataName}` : ''}`;
}

const lossTitle = (v: RunView) => (v.entry.lossName ? `loss (${v.entry.lossName})` : 'loss');

/**
 * The callbacks of a `dnn train` run, in the order that keeps the files consistent: the progress
 * bar, then after each epoch the checkpoint (atomic; never a non-finite one), metrics.json and
 * curves.svg (atomic, repaired at start from the checkpoint's history), and the table row.
 */
export function runCallbacks(v: RunView, io: Io, history: EpochLog[]): Callback[] {
  const metricNames = Object.keys(v.entry.metrics ?? { accuracy: true });
  const table = new LiveTable(epochColumns(metricNames, v.unit.short).header, [5, 10, 9, 8, 7, 7]);
  const row = (log: EpochLog) => table.row(epochColumns(metricNames, v.unit.short).row(log));
  return [
    progressBar({ sink: io.stderr, unit: v.unit.short }),
    checkpoint(v.out, { metadata: () => checkpointMetadata(v.config) }),
    metricsJson(v.out, { transform: (logs) => metricsRecords(logs, v.unit) }),
    svgCurves(v.out, { title: curvesTitle(v), lossTitle: lossTitle(v) }),
    {
      onFitStart: () => {
        io.stdout.write(`\n${table.head()}`);
        for (const log of history) io.stdout.write(row(log));
      },
      onEpochEnd: (log) => void io.stdout.write(row(log)),
    },
  ];
}

/**
 * Rewrites metrics.json and curves.svg from a finished run's history when either is missing or
 * empty (a kill mid-write), and removes the temp files of killed writes.
 */
export async function repairRunFiles(v: RunView, logs: EpochLog[]): Promise<void> {
  await removeStaleTempFiles(v.out, [CHECKPOINT_FILE, 'metrics.json', 'curves.svg']);
  const size = (f: string) => stat(join(v.out, f)).then((s) => s.size, () => 0);
  if ((await size('metrics.json')) === 0) await writeMetricsJson(join(v.out, 'metrics.json'), metricsRecords(logs, v.unit));
  if ((await size('curves.svg')) === 0) await writeTextAtomic(join(v.out, 'curves.svg'), curvesSvg(logs, curvesTitle(v), { lossTitle: lossTitle(v) }));
}
