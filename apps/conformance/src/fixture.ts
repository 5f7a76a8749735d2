import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A tensor as stored in a fixture: little-endian values of `enc`, base64-encoded, row-major. */
export interface EncodedTensor {
  shape: number[];
  /** The logical kind: floats run in the dtype under test, ints as int32, bools as bool. */
  dtype: 'float' | 'int' | 'bool';
  enc: 'f32' | 'f64' | 'i32' | 'u8';
  data: string;
}

export type InputSpec =
  | { kind: 'none' }
  | { kind: 'scalar'; value: number | boolean }
  | ({ kind: 'tensor'; grad: boolean; transpose?: [number, number] } & EncodedTensor);

export interface Case {
  name: string;
  op: string;
  // JSON arguments exactly as the fixture stores them; each op's table entry knows their shape
  args: Record<string, any>;
  inputs: InputSpec[];
  outputs: EncodedTensor[];
  /** The gradient fed back into each differentiable output (null for the others). */
  upstream: (EncodedTensor | null)[];
  /** The gradient of each input that requires one (null for the others). */
  grads: (EncodedTensor | null)[];
}

export interface Fixture {
  family: string;
  torch: string;
  cases: Case[];
}

const FIXTURES = fileURLToPath(new URL('../fixtures/ops/', import.meta.url));

export function loadFixture(family: string): Fixture {
  return JSON.parse(readFileSync(`${FIXTURES}${family}.json`, 'utf8')) as Fixture;
}

/** The stored values, widened to float64 for floats (exact: float32 values are a subset). */
export function decode(t: EncodedTensor): Float64Array | Int32Array | Uint8Array {
  const bytes = Buffer.from(t.data, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes); // an aligned buffer of our own for the typed-array views
  switch (t.enc) {
    case 'f64': return new Float64Array(copy.buffer);
    case 'f32': return Float64Array.from(new Float32Array(copy.buffer));
    case 'i32': return new Int32Array(copy.buffer);
    case 'u8': return copy;
  }
}
