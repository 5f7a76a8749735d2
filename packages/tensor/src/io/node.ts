/**
 * @dnn/tensor/node: checkpoints on disk, for Node only (the main entry stays browser-safe).
 * Imports the core through the package's own name, so this entry shares its Tensor and devices
 * with '@dnn/tensor' in every bundle format.
 */
import { readFile } from 'node:fs/promises';
import { loadStateDict, saveStateDict, type LoadStateDictOptions, type SaveStateDictOptions, type Tensor } from '@dnn/tensor';
import { writeFileAtomic } from './atomic';

export { writeFileAtomic } from './atomic';
export type { WriteFileAtomicOptions, AtomicFs } from './atomic';

/** Writes a state dict as a safetensors file, atomically: a reader or a crash sees the old file or the new one. */
export async function saveCheckpoint(path: string, dict: Record<string, Tensor>, opts: SaveStateDictOptions = {}): Promise<void> {
  await writeFileAtomic(path, await saveStateDict(dict, opts));
}

/** Reads a safetensors file into a state dict (on `opts.device`, default the default device). */
export async function loadCheckpoint(path: string, opts: LoadStateDictOptions = {}): Promise<Record<string, Tensor>> {
  return loadStateDict(await readFile(path), opts);
}
