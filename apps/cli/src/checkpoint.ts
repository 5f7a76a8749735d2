import { access } from 'node:fs/promises';
import type { Tensor, optim } from '@dnn/tensor';
import { decodeState, disposeState, encodeState, type EpochLog, type FigureLog, type TrainingState } from '@dnn/train';
import { loadCheckpoint as loadStateFile } from '@dnn/train/node';
import { writeFileAtomic } from '@dnn/tensor/node';
import type { TrainConfig } from './config';

/**
 * A `dnn train` checkpoint: @dnn/train's training state (model `model.*` and optimizer
 * `optim.state.*` tensors; epoch, generator, scheduler and metrics in the metadata) plus the run's
 * config, model name, variant and seed as metadata strings. PyTorch reads the tensors too.
 */
export interface Checkpoint {
  config: TrainConfig;
  /** Epochs completed (counting from 1). */
  epoch: number;
  generator: { key: [number, number]; offset: number };
  /** fit's epoch logs (trainLoss, testLoss, testAccuracy, samplesPerSecond, seconds; imagesPerSecond in older files). */
  metrics: FigureLog[];
  model: Record<string, Tensor>;
  optimizer: optim.OptimizerStateDict;
  scheduler?: Record<string, unknown>;
}

export const CHECKPOINT_FILE = 'checkpoint.safetensors';

/** The metadata strings a checkpoint adds to the training state. */
export function checkpointMetadata(config: TrainConfig): Record<string, string> {
  return { model: config.model, variant: config.variant, seed: String(config.seed), config: JSON.stringify(config) };
}

function toState(c: Checkpoint): TrainingState {
  return {
    epoch: c.epoch, model: c.model, optimizer: c.optimizer, scheduler: c.scheduler, generator: c.generator,
    logs: c.metrics as EpochLog[], metadata: checkpointMetadata(c.config),
  };
}

function fromState(s: TrainingState, file: string): Checkpoint {
  try {
    const text = Object.hasOwn(s.metadata, 'config') ? s.metadata.config : undefined;
    if (text === undefined) throw new Error(`${file}: checkpoint metadata lacks 'config'`);
    let config: TrainConfig;
    try {
      config = JSON.parse(text) as TrainConfig;
    } catch {
      throw new Error(`${file}: checkpoint metadata 'config' is not valid JSON`);
    }
    if (!s.optimizer) throw new Error(`${file}: checkpoint metadata lacks 'optimizer'`);
    return { config, epoch: s.epoch, generator: s.generator, metrics: s.logs, model: s.model, optimizer: s.optimizer, scheduler: s.scheduler };
  } catch (e) {
    disposeState(s);
    throw e;
  }
}

/** Serializes a checkpoint (reading tensors asynchronously, so any device works). */
export function encodeCheckpoint(c: Checkpoint): Promise<Uint8Array> {
  return encodeState(toState(c));
}

/** The inverse of encodeCheckpoint; tensors come back on the CPU. `file` names the source in errors. */
export function decodeCheckpoint(bytes: Uint8Array, file: string): Checkpoint {
  return fromState(decodeState(bytes, file), file);
}

/** Writes atomically: a crash or Ctrl-C mid-write leaves the previous checkpoint whole. */
export async function saveCheckpoint(path: string, c: Checkpoint): Promise<void> {
  await writeFileAtomic(path, await encodeCheckpoint(c));
}

export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  return fromState(await loadStateFile(path), path);
}

/** Frees the tensors a loaded checkpoint holds (after they were copied into the model and optimizer). */
export function disposeCheckpoint(c: Checkpoint): void {
  disposeState(toState(c));
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
