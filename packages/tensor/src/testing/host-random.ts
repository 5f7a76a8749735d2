import { threefry2x32 } from '@dnn/tensor';

const words = new Uint32Array(2);

/**
 * Deterministic values in [low, high) computed on the host from Threefry counters, so test inputs and
 * projections never depend on a backend or on the default generator's state.
 */
export function hostUniform(n: number, seed: number, low = -1, high = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    threefry2x32(seed >>> 0, 0x5eed, i, 0, words);
    out[i] = low + (high - low) * (words[0]! / 4294967296);
  }
  return out;
}

/**
 * Non-zero weights in (-1, 1) that are exact in float32 (multiples of 1/1024, never 0), so a projection
 * means the same on float32 and float64 devices.
 */
export function hostProjection(n: number, seed: number): Float64Array {
  const u = hostUniform(n, seed, 0, 1);
  return u.map((v) => (Math.floor(v * 2048) - 1024 + 0.5) / 1024);
}
