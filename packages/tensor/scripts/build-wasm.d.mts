/** The generated files (name in src/backend/wasm/ → text) for the current wat/*.wat sources. */
export function generate(): Promise<Record<string, string>>;
/** The .wat files, in module order. */
export const SOURCES: readonly string[];
