import type { Tensor } from '../tensor';
import { encodeSafetensors, type RawTensor } from './safetensors';
import { tensorEntries } from './tensor-dict';
import { DTypeError } from '../errors';

/** `encode` under the name of the public function that called it, for error messages. */
export async function encodeAs(op: string, dict: Record<string, Tensor>, opts: { metadata?: Record<string, string> }): Promise<Uint8Array> {
  const entries: [string, RawTensor][] = [];
  for (const [name, t] of tensorEntries(dict, op)) {
    if (t.dtype === 'float16') throw new DTypeError(`${op}: tensor '${name}' is float16, which safetensors files are not written in yet; cast it to float32`);
    entries.push([name, { dtype: t.dtype, shape: [...t.shape], data: await t.data() }]);
  }
  // fromEntries defines keys, so a tensor named "__proto__" stays an entry
  return encodeSafetensors(Object.fromEntries(entries), opts.metadata);
}
