import { DataLoader, TensorDataset } from '@dnn/data';
import type { Tensor } from '@dnn/tensor';
import type { DemoData, DemoDataOptions } from './types';

/**
 * Train and test loaders over in-memory sequence tensors (the recurrent demos' synthetic data). The
 * loader hands x over as float32; token demos cast back to int32 in their model.
 */
export function sequenceData(
  o: DemoDataOptions, sets: { train: [Tensor, Tensor]; test: [Tensor, Tensor] }, description: string, origin: DemoData['origin'],
): DemoData {
  const train = new DataLoader(new TensorDataset(...sets.train), { batchSize: o.batchSize, shuffle: true, seed: o.seed, device: o.device });
  const test = new DataLoader(new TensorDataset(...sets.test), { batchSize: o.batchSize, device: o.device });
  return { train, test, trainCount: sets.train[0].shape[0]!, description, origin };
}
