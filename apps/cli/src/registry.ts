import { DEMOS } from './demos/index';
import type { Demo } from './demos/types';
import { UsageError } from './io';

export type { Demo, DemoModel, TrainDefaults } from './demos/types';
/** The demos by command-line name (kept under its old name for the commands' help texts). */
export const MODELS = DEMOS;

/** The demo registered as `name`, or a UsageError listing the known ones. */
export function getModel(name: string, command: string): Demo<any> {
  const entry = Object.hasOwn(DEMOS, name) ? DEMOS[name] : undefined;
  if (!entry) throw new UsageError(`dnn ${command}: unknown model '${name}' (known: ${Object.keys(DEMOS).join(', ')})`, command);
  return entry;
}

/** The variant asked for (or the model's default), checked against the model's variants. */
export function getVariant(entry: Demo<any>, name: string, variant: string | undefined, command: string): string {
  const v = variant ?? entry.defaultVariant;
  if (!entry.variants.includes(v)) {
    throw new UsageError(`dnn ${command}: ${name} has no variant '${v}' (variants: ${entry.variants.join(', ')})`, command);
  }
  return v;
}

/** A checkpoint's variant, checked against the model's: a file claiming another is refused, naming the file. */
export function checkpointVariant(entry: Demo<any>, name: string, variant: unknown, file: string): string {
  if (typeof variant !== 'string' || !entry.variants.includes(variant)) {
    throw new Error(`${file}: the checkpoint's ${name} variant '${String(variant)}' is not one of ${entry.variants.join(', ')}`);
  }
  return variant;
}
