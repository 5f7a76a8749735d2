/**
 * IEEE 754 binary16 ("half") conversions. Node has no Float16Array, so float16 values travel as
 * numbers (or float32s, which hold every half exactly) and as 16-bit patterns in Uint16Arrays.
 */

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
// the high word of a little-endian float64 holds its sign and exponent
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

/** Rounds a non-negative q to the nearest integer, ties to even (q < 2⁵³, so q - floor(q) is exact). */
function roundHalfEven(q: number): number {
  const f = Math.floor(q);
  const d = q - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/**
 * The half bit pattern nearest to `x` (ties to even), rounding x once, straight from its double
 * value: |x| ≥ 65520 becomes ±Inf, tiny values become subnormals or ±0, NaN becomes 0x7e00.
 */
export function toHalfBits(x: number): number {
  if (x !== x) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24); // subnormal: units of 2⁻²⁴ (1024 is the smallest normal)
  f64[0] = a;
  const e = ((f64Words[HIGH]! >>> 20) & 0x7ff) - 1023; // -14 ≤ e ≤ 15
  let m = roundHalfEven(a * 2 ** (10 - e)); // in [1024, 2048]
  let exp = e + 15;
  if (m === 2048) {
    m = 1024;
    exp++;
  }
  return sign | (exp << 10) | (m - 1024);
}

/** The value of a half bit pattern (exact: every half is a float32 and a double). */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/** `x` rounded to the nearest half, as a number. */
export function roundToHalf(x: number): number {
  return fromHalfBits(toHalfBits(x));
}

/** Rounds every element of `data` to half in place (the CPU layout of float16 tensors). */
export function roundArrayToHalf<T extends { length: number; [i: number]: number }>(data: T): T {
  for (let i = 0; i < data.length; i++) data[i] = fromHalfBits(toHalfBits(data[i]!));
  return data;
}

/** Half patterns of `data`, padded to an even count so the bytes are a whole number of 32-bit words. */
export function toHalfArray(data: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(data.length + (data.length % 2));
  for (let i = 0; i < data.length; i++) out[i] = toHalfBits(data[i]!);
  return out;
}

/** The values of the first `size` half patterns of `bits`, widened to float32. */
export function fromHalfArray(bits: Uint16Array, size = bits.length): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = fromHalfBits(bits[i]!);
  return out;
}
