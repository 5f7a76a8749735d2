import type { Tensor } from '../tensor';
import type { Device } from '../device';
import { ValueError } from '../errors';
import { tensorEntries } from './tensor-dict';
import { fromTypedArray } from '../ops/creation';
import { decodeSafetensors, encodeSafetensors, type DecodeOptions, type RawTensor } from './safetensors';

/**
 * State dicts (name → tensor, as `module.stateDict()` gives them) to and from safetensors bytes.
 * Works in browsers and on every device: saving reads tensors asynchronously, loading takes a
 * Uint8Array or an ArrayBuffer (a fetch() response's arrayBuffer()).
 */
export interface SaveStateDictOptions {
  /** String metadata stored in the file's `__metadata__` (e.g. `{ format: 'pt' }`). */
  metadata?: Record<string, string>;
}

export async function saveStateDict(dict: Record<string, Tensor>, opts: SaveStateDictOptions = {}): Promise<Uint8Array> {
  const entries: [string, RawTensor][] = [];
  for (const [name, t] of tensorEntries(dict, 'saveStateDict')) {
    entries.push([name, { dtype: t.dtype, shape: [...t.shape], data: await t.data() }]);
  }
  // fromEntries defines keys, so a tensor named "__proto__" stays an entry
  return encodeSafetensors(Object.fromEntries(entries), opts.metadata);
}

export interface LoadStateDictOptions extends DecodeOptions {
  /** Where the tensors go (default: the default device). */
  device?: Device;
}

/** Decodes a safetensors file into tensors and its metadata. */
export function loadSafetensors(bytes: Uint8Array | ArrayBufferLike, opts: LoadStateDictOptions = {}): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const { tensors, metadata } = decodeSafetensors(bytes, opts);
  const out = [...tensors].map(([name, raw]) => [name, fromTypedArray(raw.data, raw.shape, { dtype: raw.dtype, device: opts.device })] as const);
  return { tensors: Object.fromEntries(out), metadata };
}

/** Decodes a safetensors file into a state dict, ready for `module.loadStateDict`. */
export function loadStateDict(bytes: Uint8Array | ArrayBufferLike, opts: LoadStateDictOptions = {}): Record<string, Tensor> {
  return loadSafetensors(bytes, opts).tensors;
}
