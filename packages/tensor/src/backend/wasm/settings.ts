import { ValueError } from '../../errors';
import { processWide } from '../../process-state';

/** Which float32 kernels the CPU device runs: WebAssembly SIMD (where the engine has it) or TypeScript. */
export type CpuKernels = 'wasm' | 'ts';

/** Per-backend overrides of the global settings (tests register one backend per configuration). */
export interface CpuBackendOptions {
  kernels?: CpuKernels;
  /** Threads for the WebAssembly kernels; 1 runs on the calling thread only. */
  threads?: number;
  /**
   * Whether matrix products (matmul, and convolutions run as one) fuse each multiply-add into one
   * rounding where the engine has WebAssembly relaxed SIMD (default true): about a fifth faster on x64
   * with FMA. False keeps the separate multiply and add, the same bits on every engine.
   */
  fusedMultiplyAdd?: boolean;
}

// one setting per process, shared by the ESM and CommonJS builds
const settings = processWide('cpu-settings', () => ({ kernels: 'wasm' as CpuKernels, threads: null as number | null, spin: null as number | null }));

/**
 * How long (µs) a thread of the CPU device polls for the next task, or for the workers' last parts,
 * before it sleeps. Waking a sleeping thread takes tens of microseconds, as long as a small task's
 * whole share; a thread that polls starts at once.
 */
export const DEFAULT_CPU_SPIN_MICROS = 200;

/**
 * Chooses the CPU device's float32 kernels: 'wasm' (the default; WebAssembly SIMD, falling back to
 * TypeScript where the engine lacks SIMD) or 'ts' (the TypeScript reference kernels). float64 always
 * runs the TypeScript kernels.
 */
export function setCpuKernels(k: CpuKernels): void {
  if (k !== 'wasm' && k !== 'ts') throw new ValueError(`setCpuKernels: expected 'wasm' or 'ts', got ${String(k)}`);
  settings.kernels = k;
}

/**
 * Sets how many threads the CPU device's WebAssembly kernels use (the calling thread plus n − 1
 * workers); `null` restores the default, the number of hardware threads. Threads need shared memory
 * and a thread that may block: Node, or a cross-origin-isolated browser worker; elsewhere one thread runs.
 */
export function setCpuThreads(n: number | null): void {
  if (n !== null && !(Number.isInteger(n) && n >= 1 && n <= 256)) {
    throw new ValueError(`setCpuThreads: expected an integer in [1, 256] or null, got ${n}`);
  }
  settings.threads = n;
}

/**
 * Sets how long (µs, at most 10 000) the CPU device's threads poll for work before they sleep; 0 sleeps
 * at once. `null` (the default) polls 200 µs while the machine has a core free for each of its threads
 * (Node: the load average is at most the number of hardware threads plus one) and sleeps at once on a
 * busier one. Polling only happens between tasks issued back to back (a training step), and a thread
 * that finds itself preempted while polling stops polling for a while, so an idle process burns no CPU.
 */
export function setCpuThreadSpin(microseconds: number | null): void {
  if (microseconds !== null && !(Number.isInteger(microseconds) && microseconds >= 0 && microseconds <= 10_000)) {
    throw new ValueError(`setCpuThreadSpin: expected an integer number of microseconds in [0, 10000] or null, got ${microseconds}`);
  }
  settings.spin = microseconds;
}

/** The polling time (µs) for the next task: the setting, or the default where the machine has room. */
export function configuredSpin(): number {
  return settings.spin ?? (machineHasRoom() ? DEFAULT_CPU_SPIN_MICROS : 0);
}

let roomCheckedAt = -Infinity;
let room = true;

/** Whether the 1-minute load average leaves a core per runnable thread; checked at most twice a second. */
function machineHasRoom(): boolean {
  const now = performance.now();
  if (now - roomCheckedAt < 500) return room;
  roomCheckedAt = now;
  const os = nodeBuiltin<{ loadavg?: () => number[] }>('node:os');
  const load = os?.loadavg?.()[0];
  // browsers have no load average (and report 0 on Windows): rely on the preemption check alone
  room = !load || load <= hardwareThreads() + 1;
  return room;
}

export function configuredKernels(opts: CpuBackendOptions): CpuKernels {
  return opts.kernels ?? settings.kernels;
}

export function configuredThreads(opts: CpuBackendOptions): number {
  return opts.threads ?? settings.threads ?? hardwareThreads();
}

let hardware: number | undefined;

/** os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers, else 1. */
export function hardwareThreads(): number {
  if (hardware !== undefined) return hardware;
  let n = 1;
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:os');
  if (os) n = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  else if (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) n = navigator.hardwareConcurrency;
  hardware = Math.max(1, Math.min(n, 64));
  return hardware;
}

/** A Node built-in module, loaded synchronously without a static import (so browsers bundles stay clean). */
export function nodeBuiltin<T>(name: string): T | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return (proc?.getBuiltinModule?.(name) as T | undefined) ?? null;
  } catch {
    return null;
  }
}
