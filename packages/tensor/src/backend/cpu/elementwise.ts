import type { BinaryOp, UnaryOp } from '../contract';
import type { TypedArray } from '../../dtype';

/**
 * Error function to float64 precision: erf(x) = 2/√π·e^{-x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)).
 * Every term is positive, so the series has no cancellation; |x| ≥ 6 rounds to ±1.
 */
export function erf(x: number): number {
  if (x !== x) return x;
  const z = Math.abs(x);
  if (z >= 6) return Math.sign(x);
  let term = z;
  let sum = z;
  const z2 = z * z;
  for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
    term *= (2 * z2) / (2 * n + 1);
    sum += term;
  }
  const r = (2 / Math.sqrt(Math.PI)) * Math.exp(-z2) * sum;
  return x < 0 ? -r : r;
}

/** out[i] = op(x[i]) over dense arrays; one loop per op keeps every loop monomorphic and fast. */
export function unaryLoop(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  const n = out.length;
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]!; return;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); return;
    case 'sign': for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!); return;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!); return;
    case 'expm1': for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]!); return;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!); return;
    case 'log1p': for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]!); return;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); return;
    case 'rsqrt': for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!); return;
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]!; return;
    case 'sin': for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]!); return;
    case 'cos': for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]!); return;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!); return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      }
      return;
    case 'logSigmoid':
      // log σ(x) = -log(1 + e^{-x}), with e^{±x} only of non-positive x: no overflow, no cancellation
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = v >= 0 ? -Math.log1p(Math.exp(-v)) : v - Math.log1p(Math.exp(v));
      }
      return;
    // PyTorch's x < 0 ? 0 : x: NaN (and -0) pass through, so a NaN weight stays visible
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v < 0 ? 0 : v; } return;
    case 'erf': for (let i = 0; i < n; i++) out[i] = erf(x[i]!); return;
    case 'floor': for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]!); return;
    case 'ceil': for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]!); return;
    case 'round':
      // round half to even, as PyTorch does
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        const r = Math.round(v);
        out[i] = Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
      return;
    // truth is "non-zero" (NaN included, as in PyTorch and as cast to bool does), not JavaScript truthiness
    case 'logicalNot': for (let i = 0; i < n; i++) out[i] = x[i] === 0 ? 1 : 0; return;
    case 'isnan': for (let i = 0; i < n; i++) out[i] = Number.isNaN(x[i]!) ? 1 : 0; return;
    case 'isfinite': for (let i = 0; i < n; i++) out[i] = Number.isFinite(x[i]!) ? 1 : 0; return;
    default: unhandled(op);
  }
}

/** Makes a switch over the op table exhaustive: a new op without its loop does not compile. */
function unhandled(op: never): never {
  throw new Error(`no CPU kernel for the element-wise op '${String(op)}'`);
}

/** out[i] = a[i] op b[i] over dense arrays of equal length. */
export function binaryLoop(op: BinaryOp, a: TypedArray, b: TypedArray, out: TypedArray): void {
  const n = out.length;
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!; return;
    case 'sub': for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!; return;
    case 'mul': for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!; return;
    case 'div': for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!; return;
    case 'pow': for (let i = 0; i < n; i++) out[i] = Math.pow(a[i]!, b[i]!); return;
    case 'maximum':
      for (let i = 0; i < n; i++) { const x = a[i]!, y = b[i]!; out[i] = x !== x || x > y ? x : y; }
      return;
    case 'minimum':
      for (let i = 0; i < n; i++) { const x = a[i]!, y = b[i]!; out[i] = x !== x || x < y ? x : y; }
      return;
    case 'atan2': for (let i = 0; i < n; i++) out[i] = Math.atan2(a[i]!, b[i]!); return;
    case 'remainder':
      // Python-style modulo: the result takes the divisor's sign
      for (let i = 0; i < n; i++) { const x = a[i]!, y = b[i]!; out[i] = x - Math.floor(x / y) * y; }
      return;
    case 'eq': for (let i = 0; i < n; i++) out[i] = a[i] === b[i] ? 1 : 0; return;
    case 'ne': for (let i = 0; i < n; i++) out[i] = a[i] !== b[i] ? 1 : 0; return;
    case 'lt': for (let i = 0; i < n; i++) out[i] = a[i]! < b[i]! ? 1 : 0; return;
    case 'le': for (let i = 0; i < n; i++) out[i] = a[i]! <= b[i]! ? 1 : 0; return;
    case 'gt': for (let i = 0; i < n; i++) out[i] = a[i]! > b[i]! ? 1 : 0; return;
    case 'ge': for (let i = 0; i < n; i++) out[i] = a[i]! >= b[i]! ? 1 : 0; return;
    case 'logicalAnd': for (let i = 0; i < n; i++) out[i] = a[i] !== 0 && b[i] !== 0 ? 1 : 0; return;
    case 'logicalOr': for (let i = 0; i < n; i++) out[i] = a[i] !== 0 || b[i] !== 0 ? 1 : 0; return;
    case 'logicalXor': for (let i = 0; i < n; i++) out[i] = (a[i] !== 0) !== (b[i] !== 0) ? 1 : 0; return;
    default: unhandled(op);
  }
}
