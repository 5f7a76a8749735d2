import { DnnError } from '../../errors';
import { CONTROL } from './heap';
import type { Runtime } from './runtime';
import { configuredSpin, nodeBuiltin } from './settings';
import { Ctl, GEN_MASK, MAX_PARTS, PART_BITS, PREEMPTED_MS, WORKER_SOURCE } from './worker-source';

interface WorkerData {
  module: WebAssembly.Module;
  fused: WebAssembly.Module | null;
  memory: WebAssembly.Memory;
  control: number;
  tid: number;
}

type Spawn = (data: WorkerData) => void;

/**
 * How long (ms) no thread polls after one found itself preempted while polling: the machine has more
 * runnable threads than cores, and a polling thread would take a core from one doing work.
 */
const QUIET_MS = 100;

type NodeWorkers = typeof import('node:worker_threads');

/** Node: worker_threads, unref'd so they never keep the process alive. */
function nodeSpawn(): Spawn | null {
  const wt = nodeBuiltin<NodeWorkers>('node:worker_threads');
  if (!wt) return null;
  return (data) => {
    const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: data });
    w.unref();
    // a worker that failed to start just never claims parts; the calling thread runs them
    w.on('error', () => {});
  };
}

/**
 * Browsers: Web Workers from a Blob URL, only inside a cross-origin-isolated worker, because the
 * calling thread must block (Atomics.wait) while the parts run and a page's main thread may not.
 */
function browserSpawn(): Spawn | null {
  const g = globalThis as { WorkerGlobalScope?: unknown; crossOriginIsolated?: boolean; Worker?: typeof Worker };
  if (g.WorkerGlobalScope === undefined || !g.crossOriginIsolated || !g.Worker || typeof Blob === 'undefined') return null;
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  return (data) => new g.Worker!(url).postMessage(data);
}

/**
 * Worker threads sharing the kernels' memory. A task is split into parts; the calling thread and every
 * awake worker claim parts until none is left, then the caller sleeps until all are done. Workers that
 * are slow to wake (a loaded machine) simply claim fewer parts, so a task never waits on a sleeper.
 */
class ThreadPool {
  private workers = 0;
  private gen = 0;
  private readonly c: Int32Array;
  private preemptedSeen = 0;
  private quietUntil = -Infinity;

  constructor(private readonly rt: Runtime, private readonly spawn: Spawn) {
    this.c = new Int32Array(rt.heap.memory.buffer, CONTROL, 16);
  }

  /** Starts workers until `threads` threads (the caller included) exist. */
  grow(threads: number): void {
    while (this.workers < threads - 1) {
      this.workers++;
      this.spawn({ module: this.rt.module, fused: this.rt.fused, memory: this.rt.heap.memory, control: CONTROL, tid: this.workers });
    }
  }

  workerParts(): number {
    return Atomics.load(this.c, Ctl.WorkerParts);
  }

  /** Whether a worker is polling for the next task now (it takes a part within a microsecond or so). */
  hot(): boolean {
    return this.workers > 0 && Atomics.load(this.c, Ctl.Spin) > 0 && Atomics.load(this.c, Ctl.Sleepers) < this.workers;
  }

  /** The polling time for this task: none for QUIET_MS after a polling thread found itself preempted. */
  private spinNow(): number {
    const preempted = Atomics.load(this.c, Ctl.Preempted);
    if (preempted !== this.preemptedSeen) {
      this.preemptedSeen = preempted;
      this.quietUntil = performance.now() + QUIET_MS;
      return 0;
    }
    return performance.now() < this.quietUntil ? 0 : configuredSpin();
  }

  /** Workers asleep in Atomics.wait (the rest are polling for the next task or starting). */
  sleepers(): number {
    return Atomics.load(this.c, Ctl.Sleepers);
  }

  started(): number {
    return this.workers;
  }

  run(desc: number, parts: number, threads: number): void {
    const c = this.c;
    this.gen = (this.gen % GEN_MASK) + 1;
    Atomics.store(c, Ctl.Spin, this.spinNow());
    Atomics.store(c, Ctl.Parts, parts);
    Atomics.store(c, Ctl.Desc, desc);
    Atomics.store(c, Ctl.Done, 0);
    Atomics.store(c, Ctl.Error, 0);
    Atomics.store(c, Ctl.Active, threads);
    Atomics.store(c, Ctl.Claim, this.gen << PART_BITS);
    Atomics.store(c, Ctl.Gen, this.gen);
    // a worker counts itself in Sleepers before it waits on Gen, and the wait returns at once if Gen has
    // moved since: a worker missing from the count has either seen this generation or will
    if (Atomics.load(c, Ctl.Sleepers) > 0) Atomics.notify(c, Ctl.Gen);
    const failure = claimParts(c, this.gen, parts, desc, this.rt);
    // wait for the workers' parts even after a failure here: the next task reuses the memory. A
    // worker's last part usually ends within microseconds, sooner than a sleeping thread wakes: poll first
    let d = Atomics.load(c, Ctl.Done);
    while (d < parts && spinUntil(c, Ctl.Done, d)) d = Atomics.load(c, Ctl.Done);
    if (d < parts) {
      Atomics.store(c, Ctl.CallerAsleep, 1);
      for (d = Atomics.load(c, Ctl.Done); d < parts; d = Atomics.load(c, Ctl.Done)) Atomics.wait(c, Ctl.Done, d);
      Atomics.store(c, Ctl.CallerAsleep, 0);
    }
    if (failure) throw failure.error;
    if (Atomics.load(c, Ctl.Error)) throw new DnnError('cpu: a WebAssembly kernel failed in a worker thread');
  }
}

/** The calling thread's copy of SPIN_SOURCE's `spinUntilChanged` (see there). */
function spinUntil(c: Int32Array, at: number, seen: number): boolean {
  const budget = Atomics.load(c, Ctl.Spin) / 1000;
  if (budget <= 0) return Atomics.load(c, at) !== seen;
  const start = performance.now();
  let last = start;
  for (let k = 0; Atomics.load(c, at) === seen; ) {
    if ((++k & 63) !== 0) continue;
    const now = performance.now();
    if (now - last > PREEMPTED_MS) {
      Atomics.add(c, Ctl.Preempted, 1);
      return false;
    }
    if (now - start > budget) return false;
    last = now;
  }
  return true;
}

/** The calling thread's share of a task (tid 0); mirrors the loop in WORKER_SOURCE. */
function claimParts(c: Int32Array, gen: number, parts: number, desc: number, rt: Runtime): { error: unknown } | null {
  let failure: { error: unknown } | null = null;
  for (;;) {
    const v = Atomics.load(c, Ctl.Claim);
    if (v >>> PART_BITS !== gen) return failure;
    const p = v & MAX_PARTS;
    if (p >= parts) return failure;
    if (Atomics.compareExchange(c, Ctl.Claim, v, v + 1) !== v) continue;
    try {
      rt.kernels.run(desc, p, 0);
    } catch (error) {
      failure ??= { error };
    }
    Atomics.add(c, Ctl.Done, 1);
  }
}

let pool: ThreadPool | null | undefined;

function poolFor(rt: Runtime): ThreadPool | null {
  if (pool === undefined) {
    const spawn = rt.shared ? nodeSpawn() ?? browserSpawn() : null;
    pool = spawn ? new ThreadPool(rt, spawn) : null;
  }
  return pool;
}

/** How many task parts worker threads (not the calling thread) have run so far. */
export function workerParts(rt: Runtime): number {
  const p = poolFor(rt);
  return p ? p.workerParts() : 0;
}

/** Worker threads started so far, and how many of them sleep (tests check an idle pool sleeps). */
export function poolState(rt: Runtime): { workers: number; sleeping: number } {
  const p = poolFor(rt);
  return p ? { workers: p.started(), sleeping: p.sleepers() } : { workers: 0, sleeping: 0 };
}

/** Most threads a task can use here: 1 without shared memory or a way to start workers. */
export function threadsAvailable(rt: Runtime, wanted: number): number {
  return wanted > 1 && poolFor(rt) ? wanted : 1;
}

/** How much smaller a task may be to go to the threads while a worker polls (no wake-up to pay). */
export const HOT_POOL_DIVISOR = 4;

/**
 * Threads for a task of `work` units whose parts' bits do not depend on the split: all available from
 * `threshold` units, or from threshold / HOT_POOL_DIVISOR while a worker is polling — a sleeping
 * worker takes tens of microseconds to wake, a polling one about one.
 */
export function threadsForWork(rt: Runtime, threads: number, work: number, threshold: number): number {
  if (threads <= 1 || work < threshold / HOT_POOL_DIVISOR) return 1;
  if (work >= threshold) return threadsAvailable(rt, threads);
  return poolFor(rt)?.hot() ? threads : 1;
}

/**
 * Runs parts 0 … parts − 1 of the task at `desc` on up to `threads` threads. Each part writes its own
 * region of the output, so the bits do not depend on which thread ran which part.
 */
export function runTask(rt: Runtime, desc: number, parts: number, threads: number): void {
  if (parts > MAX_PARTS) throw new DnnError(`cpu: a WebAssembly task of ${parts} parts exceeds ${MAX_PARTS}`);
  const p = threads > 1 && parts > 1 ? poolFor(rt) : null;
  if (!p) {
    for (let i = 0; i < parts; i++) rt.kernels.run(desc, i, 0);
    return;
  }
  const n = Math.min(threads, parts);
  p.grow(n);
  p.run(desc, parts, n);
}
