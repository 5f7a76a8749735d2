/**
 * @dnn/models — the model zoo of dnn.
 * @packageDocumentation
 */
export { lenet5 } from './lenet5';
export type { LeNet5Options } from './lenet5';
export { summarize, formatSummary } from './summary';
export type { SummaryRow } from './summary';
