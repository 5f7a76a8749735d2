/** @dnn/train: one training loop for every device (browser-safe; file and terminal callbacks are in @dnn/train/node). */
export { fit } from './fit';
export type { FitOptions, StepContext, StepFn } from './fit';
export { evaluate, accuracy } from './evaluate';
export type { Evaluation, EvaluateOptions, Metric } from './evaluate';
export { trainStep, lossStep, defaultLoss } from './step';
export type { TrainStepOptions } from './step';
export { history } from './callbacks';
export type { Callback, FitContext, FitResult, StepLog } from './callbacks';
export { NonFiniteError, TrainingError } from './errors';
export { captureState, encodeState, decodeState, restoreState, disposeState, stateIsFinite, STATE_FORMAT, STATE_VERSION } from './state';
export type { TrainingState } from './state';
export { curvesSvg } from './curves';
export type { FigureLog } from './curves';
export { stringifyFigures, parseFigures } from './json';
export { formatLeakReport } from './leaks';
export type { LeakReport, LeakReporter } from './leaks';
export { readScalars } from './read';
export type { Batch, DataSource, EpochLog, EpochScheduler, Forward, LossFn, StepOptimizer, StepOutput } from './types';
