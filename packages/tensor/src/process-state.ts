/**
 * State that must exist once per process even when two copies of @dnn/tensor are loaded: an
 * application that imports the ESM build while a dependency requires the CommonJS one (the dual-package
 * hazard). Each record lives on `globalThis` under a registered symbol, so both copies find the same
 * one: the default device, the CPU device, grad mode, tidy scopes, the default generator, settings.
 * The layout number in the key changes when a record's shape does, so incompatible copies stay apart.
 */
export function processWide<T extends object>(name: string, create: () => T): T {
  const key = Symbol.for(`@dnn/tensor/${name}@1`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  return (g[key] ??= create());
}

/** The marker a class puts on its instances so that `instanceof` holds across copies of the library. */
export function brandSymbol(className: string): symbol {
  return Symbol.for(`@dnn/tensor/${className}`);
}

const CLASS_BRAND = Symbol.for('@dnn/tensor/class-brand');

/**
 * Makes `v instanceof ctor` true for instances of the same class from another copy of the library
 * (they carry the same registered brand), so a tensor made by the CommonJS build is a Tensor to the
 * ESM build. A user's subclass without a brand of its own keeps plain prototype-chain `instanceof`.
 */
export function shareInstanceofAcrossCopies(ctor: Function, brand: symbol): void {
  Object.defineProperty(ctor, CLASS_BRAND, { value: brand });
  Object.defineProperty(ctor.prototype, brand, { value: true, writable: true });
  Object.defineProperty(ctor, Symbol.hasInstance, { value: brandedHasInstance });
}

function brandedHasInstance(this: Function, v: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(this, v)) return true;
  if (typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(this, CLASS_BRAND)) return false;
  const brand = (this as unknown as Record<symbol, symbol>)[CLASS_BRAND]!;
  return (v as Record<symbol, unknown>)[brand] === true;
}
