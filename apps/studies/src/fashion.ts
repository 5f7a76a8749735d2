import { flatImageTensors, type ImageSplit } from '@dnn/data';
import type { Tensor } from '@dnn/tensor';
import type { LabeledSet } from '@dnn/generative';

/** The first `limit` images of a split as [N, 784] floats in [0, 1] and int32 labels. */
export const toLabeledSet = (split: ImageSplit, limit = split.count): LabeledSet => flatImageTensors(split, { limit });

export const accuracy = (logits: Tensor, y: Tensor): number => logits.argmax(1).eq(y).cast('float32').mean().item();
