/**
 * The names of safetensors I/O before `safetensors.encode` / `safetensors.decode`, kept for one minor
 * release. Each is a thin alias; new code uses the `safetensors` namespace.
 */
import type { Tensor } from '../tensor';
import { decode, type DecodeToOptions, type EncodeOptions } from './safetensors-api';
import { encodeAs } from './encode';

/** @deprecated Use `EncodeOptions` (`safetensors.encode`). */
export type SaveStateDictOptions = EncodeOptions;
/** @deprecated Use `DecodeToOptions` (`safetensors.decode`). */
export type LoadStateDictOptions = DecodeToOptions;

/** @deprecated Use `safetensors.encode(dict, { metadata })`; removed in the next minor release. */
export function saveStateDict(dict: Record<string, Tensor>, opts: SaveStateDictOptions = {}): Promise<Uint8Array> {
  return encodeAs('saveStateDict', dict, opts);
}

/** @deprecated Use `safetensors.decode(bytes)`, which returns the same `{ tensors, metadata }`. */
export function loadSafetensors(bytes: Uint8Array | ArrayBufferLike, opts: LoadStateDictOptions = {}): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  return decode(bytes, opts);
}

/**
 * @deprecated Use `safetensors.decode(bytes).tensors`: this bytes → dict function shared its name with
 * `Module.loadStateDict(dict)`, which loads a dict into a model.
 */
export function loadStateDict(bytes: Uint8Array | ArrayBufferLike, opts: LoadStateDictOptions = {}): Record<string, Tensor> {
  return decode(bytes, opts).tensors;
}
