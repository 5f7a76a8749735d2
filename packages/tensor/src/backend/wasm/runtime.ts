import { CONTROL, Heap, INITIAL_PAGES } from './heap';
import { GEMM_FUSED_MEMORY_FLAG_AT, GEMM_FUSED_SHARED, KERNELS_SHARED, MEMORY_FLAG_AT, PLAIN_MEMORY_FLAG } from './kernels.wasm';
import { Ctl, FUSED_IMPORTS } from './worker-source';

/** The exports of the kernel module (see wat/*.wat). */
export interface KernelExports {
  /** Runs part `part` of the task whose descriptor is at byte address `desc`, as thread `tid`. */
  run(desc: number, part: number, tid: number): void;
  sum_parts(src: number, parts: number, len: number, dst: number): void;
  zero(dst: number, bytes: number): void;
  gemm_workspace(): number;
  pack_b_whole(b: number, rs: number, cs: number, K: number, N: number, dst: number): void;
}

/** A loaded kernel module: its compiled form (workers instantiate it too), the main-thread instance, the memory. */
export interface Runtime {
  readonly module: WebAssembly.Module;
  /** The GEMM macro-kernel with fused multiply-adds, where the engine has relaxed SIMD (workers load it too). */
  readonly fused: WebAssembly.Module | null;
  readonly kernels: KernelExports;
  readonly heap: Heap;
  /** True when the memory is a SharedArrayBuffer, so worker threads can share it. */
  readonly shared: boolean;
}

/** (func (result v128) (i8x16.popcnt (i8x16.splat (i32.const 0)))): validates only where 128-bit SIMD exists. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
const MAX_PAGES = 32768;

export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** The fused macro-kernel module's bytes for a shared or a plain memory (derived as for the kernels). */
export function fusedBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const bytes = decode(GEMM_FUSED_SHARED);
  if (!shared) bytes[GEMM_FUSED_MEMORY_FLAG_AT] = PLAIN_MEMORY_FLAG;
  return bytes;
}

/** The fused macro-kernel module compiled for this memory, or null where relaxed SIMD does not validate. */
function fusedModule(shared: boolean): WebAssembly.Module | null {
  const bytes = fusedBytes(shared);
  try {
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/**
 * The kernels' imports besides the memory: the fused multiply-add functions (the GEMM macro-kernel, the
 * row-Winograd product loops), or stand-ins never called, because the kernels call them only while the
 * GemmFast control word is set (see useFusedGemm).
 */
export function kernelImports(memory: WebAssembly.Memory, fused: WebAssembly.Module | null): WebAssembly.Imports {
  const exports = fused ? new WebAssembly.Instance(fused, { env: { memory } }).exports : null;
  const env: Record<string, WebAssembly.ImportValue> = { memory };
  for (const [exported, imported] of FUSED_IMPORTS) env[imported] = exports ? exports[exported]! : () => { throw new Error('no fused kernels'); };
  return { env };
}

/**
 * Whether the GEMM runs its fused multiply-add macro-kernel (default: wherever the engine has it);
 * returns whether it now does. The two give slightly different bits (one rounding per multiply-add
 * instead of two), each the same for any thread count. Tests run both.
 */
export function useFusedGemm(rt: Runtime, on: boolean): boolean {
  const fused = on && rt.fused !== null;
  rt.heap.i32[(CONTROL >> 2) + Ctl.GemmFast] = fused ? 1 : 0;
  return fused;
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The module's bytes for a shared or a plain memory (the builds differ only in the import's limits flag). */
export function kernelBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const bytes = decode(KERNELS_SHARED);
  if (!shared) bytes[MEMORY_FLAG_AT] = PLAIN_MEMORY_FLAG;
  return bytes;
}

function sharedMemory(): WebAssembly.Memory | null {
  if (typeof SharedArrayBuffer === 'undefined') return null;
  try {
    return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
  } catch {
    return null; // e.g. a browser page that is not cross-origin isolated
  }
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory, shared: boolean): Runtime {
  const fused = fusedModule(shared);
  const instance = new WebAssembly.Instance(module, kernelImports(memory, fused));
  const rt = { module, fused, kernels: instance.exports as unknown as KernelExports, heap: new Heap(memory, MAX_PAGES), shared };
  useFusedGemm(rt, true);
  return rt;
}

let state: Runtime | null | 'pending' | undefined;

/**
 * The kernel module, loaded on first use; null where WebAssembly SIMD is unavailable (the TypeScript
 * kernels then run). Compiling synchronously can be refused for large modules on a browser's main
 * thread: then this returns null until an asynchronous compile, started here, has finished.
 */
export function wasmRuntime(): Runtime | null {
  if (state === undefined) state = load();
  return state === 'pending' ? null : state;
}

function load(): Runtime | null | 'pending' {
  if (!simdSupported()) return null;
  const memory = sharedMemory();
  const shared = memory !== null;
  const bytes = kernelBytes(shared);
  const mem = memory ?? new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
  try {
    return instantiate(new WebAssembly.Module(bytes), mem, shared);
  } catch {
    if (typeof WebAssembly.compile !== 'function') return null;
    WebAssembly.compile(bytes).then(
      (m) => { state = instantiate(m, mem, shared); },
      () => { state = null; },
    );
    return 'pending';
  }
}
