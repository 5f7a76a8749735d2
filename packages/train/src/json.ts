/**
 * JSON that keeps NaN and ±Infinity: JSON.stringify would write them as null, and a reader would
 * then crash on `null.toFixed` or silently plot a gap. They are stored as the strings "NaN",
 * "Infinity" and "-Infinity", and read back as numbers.
 */
export function stringifyFigures(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), indent);
}

export function parseFigures<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => (v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v)) as T;
}
