/** The generated files (name in src/backend/wasm/ → text) for the current wat/*.wat sources. */
export function generate(): Promise<Record<string, string>>;
/** The .wat files, in module order. */
export const SOURCES: readonly string[];
/**
 * Both builds' bytes (shared- and plain-memory imports) and the one byte where they differ; `fused`:
 * of the GEMM macro-kernel module with fused multiply-adds instead of the kernels.
 */
export function assembleBoth(fused?: boolean): Promise<{ shared: Uint8Array; plain: Uint8Array; flagAt: number }>;
