import { IdxError } from './errors';

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates gzip bytes. In Node it uses node:zlib (fast, synchronous, precise messages); elsewhere
 * the web `DecompressionStream`. The node:zlib import is dynamic so browsers never load it.
 * Failures become an IdxError naming `file`.
 */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  try {
    if (isNode()) {
      const zlib = await import('node:zlib');
      const out = zlib.gunzipSync(bytes);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
    if (typeof DecompressionStream === 'undefined') {
      throw new Error('no gzip decoder on this platform (DecompressionStream is missing)');
    }
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new IdxError(file, `corrupt gzip data (${e instanceof Error ? e.message : String(e)})`);
  }
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}
