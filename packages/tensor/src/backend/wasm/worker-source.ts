/** Indices of the control words (Int32 at heap CONTROL) shared by the calling thread and the workers. */
export const Ctl = {
  /** Task generation: bumped (and notified) for every task. */
  Gen: 0,
  /** (generation << 10) | next unclaimed part: a claim is a compare-exchange of this word. */
  Claim: 1,
  Parts: 2,
  Done: 3,
  Desc: 4,
  Stop: 5,
  /** Threads with tid >= Active sit the task out (an op asked for fewer threads). */
  Active: 6,
  Error: 7,
  Ready: 8,
  /** Parts run by workers, ever (tests check the pool really shares the work). */
  WorkerParts: 9,
  /** Non-zero: the GEMM calls the fused multiply-add macro-kernel (gemm.wat reads this word). */
  GemmFast: 10,
  /** How long (µs) a thread polls for the next task or the last parts before it sleeps; 0: sleep at once. */
  Spin: 11,
  /** Workers asleep in Atomics.wait on Gen: the caller notifies only when one is. */
  Sleepers: 12,
  /** 1 while the calling thread sleeps on Done: the worker finishing the last part notifies only then. */
  CallerAsleep: 13,
  /** Times a polling thread found itself preempted, ever. */
  Preempted: 14,
} as const;

/**
 * The relaxed-SIMD module's exports and the kernel imports each one satisfies (FUSED_FUNCTIONS in
 * scripts/build-wasm.mjs): the kernels call them only while Ctl.GemmFast is set.
 */
export const FUSED_IMPORTS: readonly (readonly [exported: string, imported: string])[] = [
  ['macro', 'gemm_macro_fast'], ['rw_columns', 'rw_columns_fast'], ['rw_dw_columns', 'rw_dw_columns_fast'],
];

export const PART_BITS = 10;
export const MAX_PARTS = (1 << PART_BITS) - 1;
export const GEN_MASK = (1 << (32 - PART_BITS - 1)) - 1;

/**
 * A thread that polls sees the clock jump by more than this (ms) when the system took its core away: the
 * cores are oversubscribed and polling only steals time from the threads doing work. It counts the
 * event in Ctl.Preempted and sleeps; the calling thread then turns polling off for a while (threads.ts).
 */
export const PREEMPTED_MS = 0.05;

/**
 * Polls until `c[at]` differs from `seen` for at most `c[Ctl.Spin]` µs, and gives up early when it finds
 * itself preempted. Returns true when the word changed, false when the thread should sleep (`spinUntil`
 * in threads.ts is the calling thread's copy).
 */
export const SPIN_SOURCE = `function spinUntilChanged(c, at, seen) {
  var budget = Atomics.load(c, ${Ctl.Spin}) / 1000;
  if (budget <= 0) return Atomics.load(c, at) !== seen;
  var start = performance.now(), last = start, k = 0;
  while (Atomics.load(c, at) === seen) {
    if ((++k & 63) !== 0) continue;
    var now = performance.now();
    if (now - last > ${PREEMPTED_MS}) { Atomics.add(c, ${Ctl.Preempted}, 1); return false; }
    if (now - start > budget) return false;
    last = now;
  }
  return true;
}`;

/**
 * The worker's whole program, as text so it needs no separate file, loader or bundler support: Node
 * evaluates it (`new Worker(src, { eval: true })`), browsers load it from a Blob URL. It instantiates the
 * kernels on the shared memory, then waits on the generation word — polling while tasks arrive back to
 * back (a training step issues them microseconds apart, while waking a sleeping thread takes tens of
 * microseconds), then asleep, counted in Ctl.Sleepers — and claims parts of each task (the claim loop
 * mirrors `claimParts` in threads.ts).
 */
export const WORKER_SOURCE = `'use strict';
${SPIN_SOURCE}
function idle(c, seen) {
  if (spinUntilChanged(c, ${Ctl.Gen}, seen)) return;
  Atomics.add(c, ${Ctl.Sleepers}, 1);
  Atomics.wait(c, ${Ctl.Gen}, seen);
  Atomics.sub(c, ${Ctl.Sleepers}, 1);
}
function start(data) {
  var env = { memory: data.memory };
  var fused = data.fused ? new WebAssembly.Instance(data.fused, { env: { memory: data.memory } }).exports : null;
  ${JSON.stringify(FUSED_IMPORTS)}.forEach(function (p) {
    env[p[1]] = fused ? fused[p[0]] : function () { throw new Error('no fused kernels'); };
  });
  var kernels = new WebAssembly.Instance(data.module, { env: env }).exports;
  var c = new Int32Array(data.memory.buffer, data.control, 16);
  var tid = data.tid;
  var seen = Atomics.load(c, ${Ctl.Gen});
  Atomics.add(c, ${Ctl.Ready}, 1);
  for (;;) {
    idle(c, seen);
    seen = Atomics.load(c, ${Ctl.Gen});
    if (Atomics.load(c, ${Ctl.Stop})) return;
    if (tid >= Atomics.load(c, ${Ctl.Active})) continue;
    var parts = Atomics.load(c, ${Ctl.Parts}), desc = Atomics.load(c, ${Ctl.Desc});
    for (;;) {
      var v = Atomics.load(c, ${Ctl.Claim});
      if ((v >>> ${PART_BITS}) !== seen) break;
      var p = v & ${MAX_PARTS};
      if (p >= parts) break;
      if (Atomics.compareExchange(c, ${Ctl.Claim}, v, v + 1) !== v) continue;
      try { kernels.run(desc, p, tid); } catch (e) { Atomics.store(c, ${Ctl.Error}, 1); }
      Atomics.add(c, ${Ctl.WorkerParts}, 1);
      if (Atomics.add(c, ${Ctl.Done}, 1) + 1 === parts && Atomics.load(c, ${Ctl.CallerAsleep})) Atomics.notify(c, ${Ctl.Done});
    }
  }
}
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = function (e) { start(e.data); };
`;
