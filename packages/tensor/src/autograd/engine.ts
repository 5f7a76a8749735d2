import { DeviceError, ValueError } from '../errors';
import { isFloat } from '../dtype';
import { tidy, keep } from '../memory';
import type { Tensor } from '../tensor';
import { forwards } from '../primitives/dispatch';
import { backendAllocationError, isAllocationFailure } from '../allocation';
import { isGradEnabled, withGradMode } from './mode';
import { Node } from './node';
import type { Primitive, PrimitiveParams } from '../primitives/params';
import { rules } from './rules';
import { placeParts, type PlacedPart } from './places';
import { observed, opObserver } from './observer';
import { checkFloat16 } from '../primitives/half-gate';

/** Runs a primitive and, when gradients are wanted, records it on the tape. Returns [output, ...extras]. */
export function applyAll<P extends Primitive>(prim: P, inputs: readonly Tensor[], params: PrimitiveParams[P]): Tensor[] {
  const device = inputs[0]!.device;
  for (const t of inputs) {
    t.assertAlive(prim);
    if (t.device !== device) {
      throw new DeviceError(`${prim}: tensors are on different devices (${device.name} and ${t.device.name}); move one with .to(device)`);
    }
  }
  checkFloat16(prim, inputs);
  const outs = opObserver === null ? asArray(forwardOf(prim, inputs, params))
    : observed(() => forwardOf(prim, inputs, params), (o) => opObserver!(prim, inputs, params, o));
  const out = outs[0]!;
  if (isGradEnabled() && isFloat(out.dtype) && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    const saved = inputs.map((t) => t.handle());
    const extras = outs.map((t) => t.handle());
    out.node = new Node(prim, params, inputs, saved, extras);
  }
  return outs;
}

const asArray = (r: Tensor | Tensor[]): Tensor[] => (Array.isArray(r) ? r : [r]);

/** The primitive's forward; a backend that cannot allocate the output gets a typed error naming the op. */
function forwardOf<P extends Primitive>(prim: P, inputs: readonly Tensor[], params: PrimitiveParams[P]): Tensor | Tensor[] {
  try {
    return forwards[prim](inputs, params);
  } catch (e) {
    if (!isAllocationFailure(e)) throw e;
    throw backendAllocationError(prim, inputs, inputs[0]!.device.name, e);
  }
}

export function apply<P extends Primitive>(prim: P, inputs: readonly Tensor[], params: PrimitiveParams[P]): Tensor {
  return applyAll(prim, inputs, params)[0]!;
}

export interface BackwardOptions {
  /** Keep the saved values so backward can run through this graph again. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients (implies retainGraph). */
  createGraph?: boolean;
}

/** Handles (saved values, returned gradients) stand for the tensor they were made from. */
const canon = (t: Tensor): Tensor => (t.source as Tensor | null) ?? t;

/** Nodes reachable from the roots, outputs before the inputs they consumed. */
function topoOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, boolean][] = roots.map((r) => [r, false]);
  while (stack.length) {
    const [t, expanded] = stack.pop()!;
    if (expanded) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    if (t.node) for (const i of t.node.inputs) if (i.requiresGrad && !seen.has(canon(i))) stack.push([canon(i), false]);
  }
  return order.reverse();
}

/**
 * Reverse-mode sweep: gradients flow from the roots through each node's rule. With `targets`, returns
 * the gradients of those tensors (torch.autograd.grad); without, accumulates into leaves' `.grad`.
 */
export function runBackward(
  roots: readonly Tensor[], rootGrads: readonly Tensor[], targets: readonly Tensor[] | null, opts: BackwardOptions = {},
): Map<Tensor, Tensor> {
  const createGraph = opts.createGraph ?? false;
  const retain = opts.retainGraph ?? createGraph;
  const grads = new Map<Tensor, Tensor>();
  const accumulate = (input: Tensor, g: Tensor) => {
    const t = canon(input);
    const prev = grads.get(t);
    if (!prev) {
      grads.set(t, g);
      return;
    }
    grads.set(t, withGradMode(createGraph, () => keep(prev.add(g))));
    prev.dispose();
    g.dispose();
  };
  roots.forEach((r, i) => accumulate(r, rootGrads[i]!.handle()));
  const wanted = targets ? new Set(targets.map(canon)) : null;
  const results = new Map<Tensor, Tensor>();
  // slices' gradients per input, assembled in one go when the input's turn comes (places.ts)
  const placed = new Map<Tensor, PlacedPart[]>();

  const order = topoOrder(roots.map(canon));
  // backward holds every node it will visit: releasing one node's saved values must not free a node
  // upstream whose outputs were disposed (a result kept out of a tidy scope) before its turn comes
  const held = order.flatMap((t) => (t.node ? [t.node] : []));
  for (const node of held) node.hold();
  try {
    for (const t of order) {
      const parts = placed.get(t);
      if (parts) {
        placed.delete(t);
        tidy(() => placeParts(t, parts).map((g) => g.handle())).forEach((g) => accumulate(t, g));
        for (const p of parts) p.g.dispose();
      }
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      const node = t.node;
      const isTarget = wanted ? wanted.has(t) : node === null || t.retainsGrad;
      if (node) {
        if (!node.saved) {
          throw new ValueError(`backward: the graph through '${node.prim}' was already freed; pass { retainGraph: true } to the first backward`);
        }
        const saved = node.saved;
        const input = node.inputs[0]!;
        if (node.prim === 'slice' && !createGraph) {
          if (input.requiresGrad) {
            const { begin, step } = node.params as PrimitiveParams['slice'];
            const list = placed.get(canon(input)) ?? [];
            list.push({ g: g.handle(), begin, step });
            placed.set(canon(input), list);
          }
          if (!retain) node.release();
          if (isTarget) results.set(t, g);
          else g.dispose();
          continue;
        }
        const inputGrads = withGradMode(createGraph, () =>
          tidy(() => {
            const gs = (rules[node.prim] as RuleFn)(g, saved, node.params, node.extras, node.inputs.map((i) => i.requiresGrad));
            // each gradient becomes its own handle, so a rule returning g twice (x + x) stays safe to dispose
            return gs.map((gi) => (gi ? gi.handle() : null));
          }),
        );
        node.inputs.forEach((input, k) => {
          const gi = inputGrads[k];
          if (gi && input.requiresGrad) accumulate(input, gi);
          else gi?.dispose();
        });
        if (!retain) node.release();
      }
      if (isTarget) results.set(t, g);
      else g.dispose();
    }
  } finally {
    for (const node of held) node.drop();
  }
  for (const g of grads.values()) g.dispose();
  for (const parts of placed.values()) for (const p of parts) p.g.dispose();
  return results;
}

type RuleFn = (g: Tensor, saved: readonly Tensor[], params: unknown, extras: readonly Tensor[], needs: readonly boolean[]) => (Tensor | null)[];
