import type { Tensor } from '../tensor';
import { ValueError } from '../errors';
import { tensorEntries } from '../io/tensor-dict';
import type { Module } from './module';

/**
 * Runs `module.forward(...args)` with some parameters or buffers replaced by the given tensors, by
 * dotted name (torch.func.functional_call). Gradients flow to the given tensors, which makes gradient
 * checks of layers and meta-learning possible without touching the module's own parameters.
 */
export function functionalCall<A extends unknown[], R>(
  module: Module & { forward(...args: A): R }, replacements: Record<string, Tensor>, ...args: A
): R {
  const owners = new Map(module.namedModules());
  const swapped: [Record<string, unknown>, string, unknown][] = [];
  const given = tensorEntries(replacements, 'functionalCall');
  const own = new Set([...module.namedParameters(), ...module.namedBuffers()].map(([name]) => name));
  try {
    for (const [name, value] of given) {
      const dot = name.lastIndexOf('.');
      const owner = owners.get(dot < 0 ? '' : name.slice(0, dot)) as unknown as Record<string, unknown> | undefined;
      const field = name.slice(dot + 1);
      if (!owner || !own.has(name) || !Object.hasOwn(owner, field)) throw new ValueError(`functionalCall: no parameter or buffer named '${name}'`);
      swapped.push([owner, field, owner[field]]);
      owner[field] = value;
    }
    return module.forward(...args);
  } finally {
    for (const [owner, field, old] of swapped.reverse()) owner[field] = old;
  }
}
