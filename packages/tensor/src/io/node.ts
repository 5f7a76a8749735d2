/**
 * @dnn/tensor/node: safetensors files on disk, for Node only (the main entry stays browser-safe).
 * Imports the core through the package's own name, so this entry shares its Tensor and devices
 * with '@dnn/tensor' in every bundle format.
 */
import { readFile } from 'node:fs/promises';
import { ValueError, safetensors, type DecodeToOptions, type EncodeOptions, type SafetensorsContents, type Tensor } from '@dnn/tensor';
import { writeFileAtomic } from './atomic';

export { writeFileAtomic } from './atomic';
export type { WriteFileAtomicOptions, AtomicFs } from './atomic';

/** Prefixes an error's message with the file it concerns (keeping its class), unless it already names it. */
function naming<T>(path: string, op: string, work: () => Promise<T>): Promise<T> {
  if (typeof path !== 'string' || path === '') return Promise.reject(new ValueError(`${op}: path must be a non-empty string, got ${String(path)}`));
  return work().catch((e: unknown) => {
    if (e instanceof Error && !e.message.includes(path)) e.message = `${path}: ${e.message}`;
    throw e;
  });
}

/**
 * Writes a state dict as a safetensors file, atomically: a reader or a crash sees the old file or
 * the new one, never a partial one. Errors name `path`.
 */
export function saveFile(path: string, dict: Record<string, Tensor>, opts: EncodeOptions = {}): Promise<void> {
  return naming(path, 'saveFile', async () => writeFileAtomic(path, await safetensors.encode(dict, opts)));
}

/**
 * Reads a safetensors file into its tensors (on `opts.device`, default the default device) and
 * metadata: `model.loadStateDict((await loadFile(path)).tensors)`. Errors name `path`.
 */
export function loadFile(path: string, opts: DecodeToOptions = {}): Promise<SafetensorsContents> {
  return naming(path, 'loadFile', async () => safetensors.decode(await readFile(path), opts));
}

/** @deprecated Use `saveFile(path, dict, { metadata })`; removed in the next minor release. */
export function saveCheckpoint(path: string, dict: Record<string, Tensor>, opts: EncodeOptions = {}): Promise<void> {
  return saveFile(path, dict, opts);
}

/** @deprecated Use `(await loadFile(path)).tensors`; removed in the next minor release. */
export async function loadCheckpoint(path: string, opts: DecodeToOptions = {}): Promise<Record<string, Tensor>> {
  return (await loadFile(path, opts)).tensors;
}
