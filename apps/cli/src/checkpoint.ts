import { access, readFile } from 'node:fs/promises';
import { safetensors, type Tensor, type optim } from '@dnn/tensor';
import { saveFile } from '@dnn/tensor/node';
import type { TrainConfig } from './config';
import type { EpochRecord } from './train-loop';

/**
 * A training checkpoint: one safetensors file holding the model's state dict (keys `model.*`), the
 * optimizer's state tensors (`optim.state.<param index>.<name>`), and in `__metadata__` everything
 * else as JSON strings: the config, the epochs done, the random generator's state, the optimizer's
 * numbers (step counts, hyper-parameters) and the metrics so far. PyTorch reads the tensors too.
 */
export interface Checkpoint {
  config: TrainConfig;
  /** Epochs completed (counting from 1). */
  epoch: number;
  generator: { key: [number, number]; offset: number };
  metrics: EpochRecord[];
  model: Record<string, Tensor>;
  optimizer: optim.OptimizerStateDict;
}

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
const FORMAT = 'dnn-training-checkpoint';
const VERSION = '1';

/** The flat state dict (model.*, optim.state.*) and the metadata strings of a checkpoint. */
function flatten(c: Checkpoint): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(c.model)) tensors[`model.${name}`] = t;
  // tensors go in the file's body; numbers (Adam's step counts) go in the metadata, exactly
  const numbers: Record<string, Record<string, number>> = {};
  for (const [index, state] of Object.entries(c.optimizer.state)) {
    for (const [key, v] of Object.entries(state)) {
      if (typeof v === 'number') (numbers[index] ??= {})[key] = v;
      else tensors[`optim.state.${index}.${key}`] = v;
    }
  }
  const metadata: Record<string, string> = {
    format: FORMAT,
    version: VERSION,
    model: c.config.model,
    variant: c.config.variant,
    epoch: String(c.epoch),
    seed: String(c.config.seed),
    config: JSON.stringify(c.config),
    generator: JSON.stringify(c.generator),
    optimizer: JSON.stringify({ paramGroups: c.optimizer.paramGroups, numbers }),
    metrics: JSON.stringify(c.metrics),
  };
  return { tensors, metadata };
}

/** Serializes a checkpoint (reading tensors asynchronously, so any device works). */
export function encodeCheckpoint(c: Checkpoint): Promise<Uint8Array> {
  const { tensors, metadata } = flatten(c);
  return safetensors.encode(tensors, { metadata });
}

/** The inverse of encodeCheckpoint; tensors come back on the CPU. `file` names the source in errors. */
export function decodeCheckpoint(bytes: Uint8Array, file: string): Checkpoint {
  const { tensors, metadata } = decodeNamingFile(bytes, file);
  try {
    return fromParts(tensors, metadata, file);
  } catch (e) {
    for (const t of Object.values(tensors)) t.dispose();
    throw e;
  }
}

function fromParts(tensors: Record<string, Tensor>, metadata: Record<string, string>, file: string): Checkpoint {
  if (metadata.format !== FORMAT) throw new Error(`${file} is not a dnn training checkpoint (its metadata has no format '${FORMAT}')`);
  if (metadata.version !== VERSION) throw new Error(`${file}: checkpoint version ${metadata.version}, this dnn reads version ${VERSION}`);
  const json = <T>(key: string): T => {
    const v = metadata[key];
    if (v === undefined) throw new Error(`${file}: checkpoint metadata lacks '${key}'`);
    try {
      return JSON.parse(v) as T;
    } catch {
      throw new Error(`${file}: checkpoint metadata '${key}' is not valid JSON`);
    }
  };
  const model: Record<string, Tensor> = {};
  const state: Record<number, Record<string, Tensor | number>> = {};
  for (const [name, value] of Object.entries(tensors)) {
    const m = /^optim\.state\.(\d+)\.(.+)$/.exec(name);
    if (name.startsWith('model.')) setOwn(model, name.slice('model.'.length), value);
    else if (m) setOwn((state[Number(m[1])] ??= {}), m[2]!, value);
    else throw new Error(`${file}: unexpected tensor '${name}' (expected model.* or optim.state.*)`);
  }
  const opt = json<{ paramGroups: optim.OptimizerStateDict['paramGroups']; numbers: Record<string, Record<string, number>> }>('optimizer');
  for (const [index, nums] of Object.entries(opt.numbers)) for (const [k, v] of Object.entries(nums)) setOwn((state[Number(index)] ??= {}), k, v);
  return {
    config: json<TrainConfig>('config'),
    epoch: Number(metadata.epoch),
    generator: json<Checkpoint['generator']>('generator'),
    metrics: json<EpochRecord[]>('metrics'),
    model,
    optimizer: { state, paramGroups: opt.paramGroups },
  };
}

/** Defines an own key, so a name such as "__proto__" from a file stays an entry instead of a prototype. */
function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** safetensors.decode, with `file` named in its errors (they keep their class). */
function decodeNamingFile(bytes: Uint8Array, file: string): ReturnType<typeof safetensors.decode> {
  try {
    return safetensors.decode(bytes);
  } catch (e) {
    if (e instanceof Error) e.message = `${file}: ${e.message}`;
    throw e;
  }
}

/** Writes atomically: a crash or Ctrl-C mid-write leaves the previous checkpoint whole. */
export async function saveCheckpoint(path: string, c: Checkpoint): Promise<void> {
  const { tensors, metadata } = flatten(c);
  await saveFile(path, tensors, { metadata });
}

export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new Error(`cannot read checkpoint ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return decodeCheckpoint(bytes, path);
}

/** Frees the tensors a loaded checkpoint holds (after they were copied into the model and optimizer). */
export function disposeCheckpoint(c: Checkpoint): void {
  for (const t of Object.values(c.model)) t.dispose();
  for (const s of Object.values(c.optimizer.state)) for (const v of Object.values(s)) if (typeof v !== 'number') v.dispose();
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
