import type { Tensor } from '../tensor';
import type { Primitive, PrimitiveParams } from '../primitives/params';

/** Called after each primitive runs, with its inputs, parameters and outputs ([output, ...extras]). */
export type OpObserver = <P extends Primitive>(
  prim: P, inputs: readonly Tensor[], params: PrimitiveParams[P], outputs: readonly Tensor[],
) => void;

/** The active observer; null (the default) costs the engine one comparison per primitive. */
export let opObserver: OpObserver | null = null;

/**
 * Runs `fn` with `observer` told of every primitive applied, outermost only: a primitive composed from
 * others (a backend fallback) is reported once, as itself. Used by exporters that trace a forward pass.
 */
export function traceOps<T>(observer: OpObserver, fn: () => T): T {
  const previous = opObserver;
  opObserver = observer;
  try {
    return fn();
  } finally {
    opObserver = previous;
  }
}

/** Runs `run` with observing paused (the inner primitives of a reported one), then reports. */
export function observed(run: () => Tensor | Tensor[], report: (outs: Tensor[]) => void): Tensor[] {
  const observer = opObserver;
  opObserver = null;
  let outs: Tensor[];
  try {
    const result = run();
    outs = Array.isArray(result) ? result : [result];
  } finally {
    opObserver = observer;
  }
  report(outs);
  return outs;
}
