/**
 * `safetensors.encode` / `safetensors.decode`: state dicts (name → tensor, as `module.stateDict()`
 * gives them) to and from safetensors bytes, in browsers and Node, on every device. Encoding reads
 * tensors, which is asynchronous on devices such as WebGPU; decoding bytes already in memory is
 * synchronous. Files on disk are `saveFile` / `loadFile` in `@dnn/tensor/node`.
 */
import type { Tensor } from '../tensor';
import type { Device } from '../device';
import { fromTypedArray } from '../ops/creation';
import { decodeSafetensors, type DecodeOptions } from './safetensors';
import { encodeAs } from './encode';

export interface EncodeOptions {
  /** String metadata stored in the file's `__metadata__` (e.g. `{ format: 'pt' }`). */
  metadata?: Record<string, string>;
}

export interface DecodeToOptions extends DecodeOptions {
  /** Where the tensors go (default: the default device). */
  device?: Device;
}

/** What a safetensors file holds: its tensors by name (a state dict) and its string metadata. */
export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/** Serializes a state dict, byte for byte as the reference implementation writes it. */
export async function encode(dict: Record<string, Tensor>, opts: EncodeOptions = {}): Promise<Uint8Array> {
  return encodeAs('safetensors.encode', dict, opts);
}

/**
 * Parses safetensors bytes (a Uint8Array, or a fetch() response's ArrayBuffer) into tensors and
 * metadata: `model.loadStateDict(safetensors.decode(bytes).tensors)`. Malformed files throw a
 * ValueError starting with "safetensors:".
 */
export function decode(bytes: Uint8Array | ArrayBufferLike, opts: DecodeToOptions = {}): SafetensorsContents {
  const { tensors, metadata } = decodeSafetensors(bytes, opts);
  const out = [...tensors].map(([name, raw]) => [name, fromTypedArray(raw.data, raw.shape, { dtype: raw.dtype, device: opts.device })] as const);
  return { tensors: Object.fromEntries(out), metadata };
}
