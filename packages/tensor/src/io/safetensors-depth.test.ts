import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors';
import { decodeSafetensors } from './safetensors';
import { jsonDepth } from './json-keys';

function file(header: string): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  return out;
}

/** A header is at most 3 levels deep; a deeply nested one is refused before anything recurses over it. */
describe('safetensors header nesting', () => {
  for (const [what, open, close] of [['arrays', '[', ']'], ['objects', '{"a":', '}']] as const) {
    it(`__metadata__ nesting 100,000 ${what} deep: ValueError, no stack overflow`, () => {
      const d = 100_000;
      const bytes = file(`{"__metadata__":{"k":${open.repeat(d)}1${close.repeat(d)}}}`);
      expect(() => decodeSafetensors(bytes)).toThrow(ValueError);
      expect(() => decodeSafetensors(bytes)).toThrow('safetensors: header nests 100002 levels deep (at most 64)');
    });
  }

  it('a metadata value nested a few levels is refused as a non-string, showing it', () => {
    expect(() => decodeSafetensors(file('{"__metadata__":{"k":[[1]]}}'))).toThrow('safetensors: metadata "k" must be a string, got [[1]]');
  });

  it('jsonDepth counts brackets outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepth('"{{{"')).toBe(0);
    expect(jsonDepth('{"a\\"[":1}')).toBe(1);
  });
});
