import { DnnError } from '@dnn/tensor';

/**
 * A training figure (loss, gradient norm, validation loss, a weight) became NaN or infinite. fit
 * stops at once, before anything is written for that epoch, so the last checkpoint stays finite.
 */
export class NonFiniteError extends DnnError {
  constructor(
    message: string,
    /** Epoch (from 1) and step within it (from 1; 0 when found after the epoch's steps). */
    readonly epoch: number,
    readonly step: number,
    /** Which figure: 'loss', 'gradNorm', 'valLoss', 'weights'. */
    readonly figure: string,
    readonly value: number,
  ) {
    super(message);
  }
}

/** A fit option or data source that cannot train (no batches, a bad epoch range). */
export class TrainingError extends DnnError {}
