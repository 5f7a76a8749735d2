import { crossEntropy, tidy, type Tensor } from '@dnn/tensor';
import type { Batch, Forward, LossFn, StepOptimizer } from './types';

export interface TrainStepOptions {
  /** Default: cross entropy on the logits. */
  loss?: LossFn;
  optimizer: StepOptimizer;
}

export const defaultLoss: LossFn = (logits, target) => crossEntropy(logits, target);

/**
 * The default step, synchronous: zero the gradients, forward, loss, backward, optimizer step, all
 * inside one tidy scope, so the activations, gradients and the optimizer's temporaries die with it.
 * Returns the loss as a detached scalar tensor (the caller reads and disposes it).
 */
export function lossStep(model: Forward, batch: Batch, o: TrainStepOptions): Tensor {
  const lossFn = o.loss ?? defaultLoss;
  return tidy(() => {
    o.optimizer.zeroGrad();
    const l = lossFn(model.forward(batch.x), batch.y);
    l.backward();
    o.optimizer.step();
    // the gradients are not needed until the next step: free them now rather than hold them across it
    o.optimizer.zeroGrad();
    return l.detach();
  });
}

/**
 * One training step for a loop written by hand, on any device: opens the per-step memory scope,
 * runs forward → loss → backward → optimizer.step, and returns the loss as a number (read
 * asynchronously, so the same loop runs on the CPU and on WebGPU). The batch stays the caller's.
 *
 * ```ts
 * for await (const batch of loader) {
 *   const loss = await trainStep(model, batch, { optimizer });
 *   batch.x.dispose(); batch.y.dispose();
 * }
 * ```
 */
export async function trainStep(model: Forward, batch: Batch, o: TrainStepOptions): Promise<number> {
  const loss = lossStep(model, batch, o);
  try {
    return await loss.itemAsync();
  } finally {
    loss.dispose();
  }
}
