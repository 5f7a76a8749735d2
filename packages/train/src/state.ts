import { safetensors, ValueError, type Generator, type Module, type Tensor, type optim } from '@dnn/tensor';
import type { FitContext } from './callbacks';
import { parseFigures, stringifyFigures } from './json';
import type { EpochLog, EpochScheduler, StepOptimizer } from './types';

/**
 * Everything a run needs to continue bit for bit after `epoch`: the model's state dict, the
 * optimizer's state, the scheduler's, the random generator's, the logs so far, and any metadata
 * the caller adds (a config). Stored as one safetensors file: tensors `model.*` and
 * `optim.state.<param index>.<name>` in the body (PyTorch reads them), the rest as JSON in `__metadata__`.
 */
export interface TrainingState {
  /** Epochs completed (counting from 1). */
  epoch: number;
  model: Record<string, Tensor>;
  optimizer?: optim.OptimizerStateDict;
  scheduler?: Record<string, unknown>;
  generator: { key: [number, number]; offset: number };
  logs: EpochLog[];
  /** The caller's own strings (a run's config, a model name). */
  metadata: Record<string, string>;
}

export const STATE_FORMAT = 'dnn-training-checkpoint';
export const STATE_VERSION = '1';
const RESERVED = ['format', 'version', 'epoch', 'generator', 'optimizer', 'scheduler', 'metrics'];

/** The state of a run after `epoch`, read from fit's context (tensors are the live ones: encode before training on). */
export function captureState(ctx: Pick<FitContext, 'model' | 'optimizer' | 'scheduler' | 'generator' | 'logs'>, epoch: number, metadata: Record<string, string> = {}): TrainingState {
  return {
    epoch,
    model: ctx.model.stateDict(),
    optimizer: ctx.optimizer?.stateDict?.(),
    scheduler: ctx.scheduler?.stateDict?.(),
    generator: ctx.generator.state(),
    logs: [...ctx.logs],
    metadata,
  };
}

function flatten(s: TrainingState): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(s.model)) tensors[`model.${name}`] = t;
  // tensors go in the file's body; numbers (Adam's step counts) go in the metadata, exactly
  const numbers: Record<string, Record<string, number>> = {};
  for (const [index, state] of Object.entries(s.optimizer?.state ?? {})) {
    for (const [key, v] of Object.entries(state)) {
      if (typeof v === 'number') (numbers[index] ??= {})[key] = v;
      else tensors[`optim.state.${index}.${key}`] = v;
    }
  }
  for (const k of Object.keys(s.metadata)) if (RESERVED.includes(k)) throw new ValueError(`training state: metadata key '${k}' is reserved`);
  const metadata: Record<string, string> = {
    ...s.metadata,
    format: STATE_FORMAT,
    version: STATE_VERSION,
    epoch: String(s.epoch),
    generator: JSON.stringify(s.generator),
    metrics: stringifyFigures(s.logs),
  };
  if (s.optimizer) metadata.optimizer = JSON.stringify({ paramGroups: s.optimizer.paramGroups, numbers });
  if (s.scheduler) metadata.scheduler = stringifyFigures(s.scheduler);
  return { tensors, metadata };
}

/** Serializes a training state (reading tensors asynchronously, so any device works). */
export function encodeState(s: TrainingState): Promise<Uint8Array> {
  const { tensors, metadata } = flatten(s);
  return safetensors.encode(tensors, { metadata });
}

/** The inverse of encodeState; tensors come back on the CPU. `file` names the source in every error. */
export function decodeState(bytes: Uint8Array, file: string): TrainingState {
  let parts: { tensors: Record<string, Tensor>; metadata: Record<string, string> };
  try {
    parts = safetensors.decode(bytes);
  } catch (e) {
    throw new ValueError(`${file}: ${(e as Error).message}`);
  }
  try {
    return fromParts(parts.tensors, parts.metadata, file);
  } catch (e) {
    for (const t of Object.values(parts.tensors)) t.dispose();
    throw e;
  }
}

/** Defines an own key, so a name such as "__proto__" from a file stays an entry instead of a prototype. */
function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function fromParts(tensors: Record<string, Tensor>, metadata: Record<string, string>, file: string): TrainingState {
  if (metadata.format !== STATE_FORMAT) throw new ValueError(`${file} is not a dnn training checkpoint (its metadata has no format '${STATE_FORMAT}')`);
  if (metadata.version !== STATE_VERSION) throw new ValueError(`${file}: checkpoint version ${metadata.version}, this dnn reads version ${STATE_VERSION}`);
  const json = <T>(key: string, optional = false): T | undefined => {
    const v = Object.hasOwn(metadata, key) ? metadata[key] : undefined;
    if (v === undefined) {
      if (optional) return undefined;
      throw new ValueError(`${file}: checkpoint metadata lacks '${key}'`);
    }
    try {
      return parseFigures<T>(v);
    } catch {
      throw new ValueError(`${file}: checkpoint metadata '${key}' is not valid JSON`);
    }
  };
  const epoch = Number(metadata.epoch);
  if (!(Number.isInteger(epoch) && epoch >= 0)) throw new ValueError(`${file}: checkpoint epoch '${metadata.epoch}' is not a count of epochs`);
  const model: Record<string, Tensor> = {};
  const state: Record<number, Record<string, Tensor | number>> = {};
  for (const [name, value] of Object.entries(tensors)) {
    const m = /^optim\.state\.(\d+)\.(.+)$/.exec(name);
    if (name.startsWith('model.')) setOwn(model, name.slice('model.'.length), value);
    else if (m) setOwn((state[Number(m[1])] ??= {}), m[2]!, value);
    else throw new ValueError(`${file}: unexpected tensor '${name}' (expected model.* or optim.state.*)`);
  }
  const opt = json<{ paramGroups: optim.OptimizerStateDict['paramGroups']; numbers: Record<string, Record<string, number>> }>('optimizer', true);
  if (opt) for (const [index, nums] of Object.entries(opt.numbers)) for (const [k, v] of Object.entries(nums)) setOwn((state[Number(index)] ??= {}), k, v);
  const logs = json<EpochLog[]>('metrics')!;
  if (!Array.isArray(logs)) throw new ValueError(`${file}: checkpoint metadata 'metrics' is not a list of epochs`);
  // older checkpoints stored a NaN figure as null: read it back as the NaN it was
  for (const log of logs) for (const [k, v] of Object.entries(log)) if (v === null) log[k] = Number.NaN;
  const own = Object.fromEntries(Object.entries(metadata).filter(([k]) => !RESERVED.includes(k)));
  return {
    epoch,
    model,
    optimizer: opt ? { state, paramGroups: opt.paramGroups } : undefined,
    scheduler: json<Record<string, unknown>>('scheduler', true),
    generator: json<TrainingState['generator']>('generator')!,
    logs,
    metadata: own,
  };
}

/**
 * Loads a state into the run's parts (strictly: the model's keys must match) and returns the epoch
 * to start from. The state's tensors are disposed afterwards.
 */
export function restoreState(
  s: TrainingState,
  parts: { model: Module; optimizer?: StepOptimizer; scheduler?: EpochScheduler; generator?: Generator },
): number {
  try {
    parts.model.loadStateDict(s.model);
    if (parts.optimizer && s.optimizer) parts.optimizer.loadStateDict?.(s.optimizer);
    if (parts.scheduler && s.scheduler) parts.scheduler.loadStateDict?.(s.scheduler);
    parts.generator?.setState(s.generator);
  } finally {
    disposeState(s);
  }
  return s.epoch + 1;
}

/** Frees the tensors a decoded state holds. */
export function disposeState(s: TrainingState): void {
  for (const t of Object.values(s.model)) t.dispose();
  for (const st of Object.values(s.optimizer?.state ?? {})) for (const v of Object.values(st)) if (typeof v !== 'number') v.dispose();
}

/** True when every floating-point tensor of the model's state is finite (read asynchronously, any device). */
export async function stateIsFinite(model: Module): Promise<{ finite: boolean; firstBad?: string }> {
  for (const [name, t] of Object.entries(model.stateDict())) {
    if (!t.dtype.startsWith('float')) continue;
    const data = await t.data();
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(Number(data[i]))) return { finite: false, firstBad: name };
  }
  return { finite: true };
}
