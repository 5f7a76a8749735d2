/** The generated files (name in src/backend/wasm/ → text) for the current wat/*.wat sources. */
export function generate(): Promise<Record<string, string>>;
/** The .wat files, in module order. */
export const SOURCES: readonly string[];
/**
 * Both builds' bytes (shared- and plain-memory imports) and the one byte where they differ; `fused`:
 * of the relaxed-SIMD module (fused multiply-adds) instead of the kernels.
 */
export function assembleBoth(fused?: boolean): Promise<{ shared: Uint8Array; plain: Uint8Array; flagAt: number }>;
/** The fused module's functions: its export, the kernels' import it satisfies, and their names in the text. */
export const FUSED_FUNCTIONS: readonly { export: string; import: string; local: string; own: string; params: string }[];
/** The .wat files assembled only into the relaxed-SIMD module. */
export const FUSED_ONLY_SOURCES: readonly string[];
