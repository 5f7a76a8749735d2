/**
 * @dnn/train/node: the callbacks that touch the terminal and the file system (Node only; the main
 * entry stays browser-safe). Imports the core through the package's own name, so both entries
 * share one copy of it.
 */
export { progressBar, metricsJson, svgCurves, checkpoint, loadCheckpoint, writeMetricsJson, abortOnSigint } from './callbacks';
export type { CheckpointOptions, FileCallbackOptions } from './callbacks';
export { ensureWritableDir, removeStaleTempFiles, writeTextAtomic } from './files';
export { ProgressBar, formatCount, formatDuration } from './progress';
export type { ProgressOptions, TextSink } from './progress';
