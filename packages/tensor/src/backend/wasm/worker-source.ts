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
} as const;

export const PART_BITS = 10;
export const MAX_PARTS = (1 << PART_BITS) - 1;
export const GEN_MASK = (1 << (32 - PART_BITS - 1)) - 1;

/**
 * How long a worker keeps polling for the next task before it sleeps (ms). A training step issues its
 * tasks a few microseconds of host work apart, while waking a sleeping thread takes tens of
 * microseconds — as long as a small task's whole share; polling briefly hands the worker the next task
 * at once, and a worker between steps (data loading, an idle program) still sleeps.
 */
export const WORKER_SPIN_MS = 0.2;

/**
 * The worker's whole program, as text so it needs no separate file, loader or bundler support: Node
 * evaluates it (`new Worker(src, { eval: true })`), browsers load it from a Blob URL. It instantiates the
 * kernels on the shared memory, then waits on the generation word (polling for WORKER_SPIN_MS, then
 * asleep) and claims parts of each task (the claim loop mirrors `claimParts` in threads.ts).
 */
export const WORKER_SOURCE = `'use strict';
function idle(c, seen) {
  var until = performance.now() + ${WORKER_SPIN_MS}, k = 0;
  while (Atomics.load(c, ${Ctl.Gen}) === seen) {
    if ((++k & 255) === 0 && performance.now() > until) { Atomics.wait(c, ${Ctl.Gen}, seen); return; }
  }
}
function start(data) {
  var kernels = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports;
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
      if (Atomics.add(c, ${Ctl.Done}, 1) + 1 === parts) Atomics.notify(c, ${Ctl.Done});
    }
  }
}
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = function (e) { start(e.data); };
`;
