/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3").
 * Counter-based: draw i depends only on (key, counter i), so every backend — CPU, WebGPU, a worker —
 * reproduces the same bits without sharing state. It uses only 32-bit add, rotate and xor.
 */
const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;

export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array): void {
  const ks0 = k0 >>> 0;
  const ks1 = k1 >>> 0;
  const ks2 = (ks0 ^ ks1 ^ 0x1bd11bda) >>> 0;
  const ks = [ks0, ks1, ks2];
  let x0 = (c0 + ks0) >>> 0;
  let x1 = (c1 + ks1) >>> 0;
  for (let block = 0; block < 5; block++) {
    const base = (block & 1) * 4;
    for (let r = 0; r < 4; r++) {
      const rot = ROTATIONS[base + r]!;
      x0 = (x0 + x1) >>> 0;
      x1 = ((x1 << rot) | (x1 >>> (32 - rot))) >>> 0;
      x1 = (x1 ^ x0) >>> 0;
    }
    x0 = (x0 + ks[(block + 1) % 3]!) >>> 0;
    x1 = (x1 + ks[(block + 2) % 3]! + block + 1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
}

const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;

/** Uniform in [0, 1) with 24 random bits: exactly representable in float32 on every backend. */
export const uniform24 = (bits: number): number => (bits >>> 8) * TWO_POW_M24;
/** Uniform in [0, 1) with 53 random bits, for float64 draws. */
export const uniform53 = (hi: number, lo: number): number => ((hi >>> 5) * 67108864 + (lo >>> 6)) * TWO_POW_M53;
/** Box–Muller from one counter's two words; u1 is shifted into (0, 1] so the log is finite. */
export function normalFromBits(y0: number, y1: number): number {
  const u1 = ((y0 >>> 8) + 1) * TWO_POW_M24;
  const u2 = (y1 >>> 8) * TWO_POW_M24;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
