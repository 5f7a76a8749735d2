/** The text of src/backend/wasm/kernels.wasm.ts for the current wat/*.wat sources. */
export function generate(): Promise<string>;
/** The .wat files, in module order. */
export const SOURCES: readonly string[];
