import {
  DTypeError, ValueError, enableGrad, fromTypedArray, grad, gradients, isFloat, noGrad, tidy,
  type Tensor,
} from '@dnn/tensor';
import { hostProjection } from './host-random';

export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance (against the numerical gradient). Default 1e-3. */
  rtol?: number;
  /** Indices of the inputs to check; default every float input. */
  wrt?: readonly number[];
  /** Seed of the fixed random projection that reduces a non-scalar output to a scalar. */
  seed?: number;
  /** Check float32 inputs too (only sensible with a large eps and loose tolerances). Default false. */
  allowFloat32?: boolean;
}

export interface InputReport {
  index: number;
  shape: readonly number[];
  analytical: Float64Array;
  numerical: Float64Array;
  maxAbsDiff: number;
  /** Elements outside atol + rtol·|numerical|. */
  mismatched: number;
  /** Flat index of the element furthest outside its tolerance, or -1. */
  worst: number;
}

export interface GradcheckReport {
  inputs: InputReport[];
  /** Forward evaluations spent on finite differences. */
  evaluations: number;
}

export class GradcheckError extends Error {
  constructor(message: string, readonly report: GradcheckReport) {
    super(message);
    this.name = 'GradcheckError';
  }
}

type Fn = (...xs: Tensor[]) => Tensor;

/** Σ out·P for a fixed projection P (P = 1 for a single element), recorded on the tape. */
function project(out: Tensor, seed: number): Tensor {
  if (!isFloat(out.dtype)) throw new DTypeError(`gradcheck: the function must return a float tensor, got ${out.dtype}`);
  if (out.size === 1) return out.sum();
  const p = fromTypedArray(castArray(hostProjection(out.size, seed), out.dtype), out.shape, { dtype: out.dtype, device: out.device });
  return out.mul(p).sum();
}

const castArray = (v: Float64Array, dtype: string): Float64Array | Float32Array => (dtype === 'float64' ? v : Float32Array.from(v));

function unravel(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return `[${idx.join(',')}]`;
}

/** One scalar evaluation of the projected function, without recording the tape. */
async function evaluate(fn: Fn, args: Tensor[], seed: number): Promise<number> {
  const s = noGrad(() => tidy(() => project(fn(...args), seed)));
  const v = Number((await s.data())[0]);
  s.dispose();
  return v;
}

/**
 * dnn's reverse-mode gradients of the projected output ⟨fn(inputs), P⟩ with respect to the inputs in
 * `wrt` (default: every float input), read back as float64 arrays. Zeros where the output does not depend
 * on an input.
 */
export async function analyticalGradients(
  fn: Fn, inputs: readonly Tensor[], opts: { wrt?: readonly number[]; seed?: number } = {},
): Promise<Float64Array[]> {
  const seed = opts.seed ?? 1234;
  const wrt = opts.wrt ?? inputs.flatMap((t, i) => (isFloat(t.dtype) ? [i] : []));
  const leaves = inputs.map((t, i) => (wrt.includes(i) ? t.detach().setRequiresGrad(true) : t));
  const targets = wrt.map((i) => leaves[i]!);
  const grads = enableGrad(() =>
    tidy(() => {
      const s = project(fn(...leaves), seed);
      return s.requiresGrad ? gradients(s, targets) : targets.map(() => null);
    }),
  );
  const out: Float64Array[] = [];
  try {
    for (let k = 0; k < wrt.length; k++) {
      const g = grads[k], x = targets[k]!;
      if (g && (g.rank !== x.rank || g.shape.some((d, j) => d !== x.shape[j]))) {
        throw new GradcheckError(`gradcheck: gradient of input ${wrt[k]} has shape [${g.shape}], the input [${x.shape}]`, { inputs: [], evaluations: 0 });
      }
      out.push(g ? Float64Array.from(await g.data(), Number) : new Float64Array(x.size));
    }
  } finally {
    for (const g of grads) g?.dispose();
    for (const k of wrt) leaves[k]!.dispose();
  }
  return out;
}

/**
 * Compares dnn's reverse-mode gradient of `fn` with float64 central finite differences,
 * (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε, element by element for every checked input. A non-scalar output is
 * reduced with a fixed random projection, which checks the full vector-Jacobian product.
 * Reads go through `await t.data()`, so any device with float64 works. Throws a GradcheckError naming
 * the input index and element on mismatch; resolves to the report otherwise.
 */
export async function gradcheck(fn: Fn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): Promise<GradcheckReport> {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const seed = opts.seed ?? 1234;
  const wrt = opts.wrt ?? inputs.flatMap((t, i) => (isFloat(t.dtype) ? [i] : []));
  for (const i of wrt) {
    const t = inputs[i];
    if (!t) throw new ValueError(`gradcheck: no input ${i} (got ${inputs.length} inputs)`);
    t.assertAlive('gradcheck');
    if (t.dtype !== 'float64' && !(opts.allowFloat32 && t.dtype === 'float32')) {
      throw new DTypeError(`gradcheck: input ${i} is ${t.dtype}; finite differences need float64 (use .double())`);
    }
  }

  const analytical = await analyticalGradients(fn, inputs, { wrt, seed });

  // numerical: central differences, one element at a time
  const report: GradcheckReport = { inputs: [], evaluations: 0 };
  for (let k = 0; k < wrt.length; k++) {
    const i = wrt[k]!;
    const x = inputs[i]!;
    const base = x.dtype === 'float64' ? Float64Array.from(await x.data(), Number) : Float32Array.from(await x.data(), Number);
    const numerical = new Float64Array(x.size);
    const args = [...inputs];
    for (let j = 0; j < x.size; j++) {
      const at = (delta: number) => {
        const v = base.slice();
        v[j] = base[j]! + delta;
        return fromTypedArray(v, x.shape, { dtype: x.dtype, device: x.device });
      };
      const plus = at(eps), minus = at(-eps);
      args[i] = plus;
      const fp = await evaluate(fn, args, seed);
      args[i] = minus;
      const fm = await evaluate(fn, args, seed);
      plus.dispose();
      minus.dispose();
      numerical[j] = (fp - fm) / (2 * eps);
      report.evaluations += 2;
    }
    const a = analytical[k]!;
    let mismatched = 0, worst = -1, worstScore = 0, maxAbsDiff = 0;
    for (let j = 0; j < x.size; j++) {
      const diff = Math.abs(a[j]! - numerical[j]!);
      const tol = atol + rtol * Math.abs(numerical[j]!);
      maxAbsDiff = Math.max(maxAbsDiff, diff);
      if (!(diff <= tol)) {
        mismatched++;
        const score = diff === diff ? diff / tol : Infinity;
        if (worst < 0 || score > worstScore) [worst, worstScore] = [j, score];
      }
    }
    report.inputs.push({ index: i, shape: x.shape, analytical: a, numerical, maxAbsDiff, mismatched, worst });
  }

  const bad = report.inputs.find((r) => r.mismatched > 0);
  if (bad) {
    const j = bad.worst;
    const a = bad.analytical[j]!, n = bad.numerical[j]!;
    throw new GradcheckError(
      `gradcheck: input ${bad.index} [${bad.shape}] element ${unravel(j, bad.shape)} (flat ${j}): ` +
        `analytical ${a}, numerical ${n} (|diff| ${Math.abs(a - n)} > atol ${atol} + rtol ${rtol}·|numerical|); ` +
        `${bad.mismatched} of ${bad.analytical.length} elements differ`,
      report,
    );
  }
  return report;
}

/**
 * Second-order check: gradcheck of x ↦ Σₖ ⟨∂f/∂xₖ, Vₖ⟩ for fixed random Vₖ, where ∂f/∂xₖ comes from
 * `grad()` (a recorded backward pass). Verifies that the gradient rules are themselves differentiable.
 */
export async function gradgradcheck(fn: Fn, inputs: readonly Tensor[], opts: GradcheckOptions = {}): Promise<GradcheckReport> {
  const seed = opts.seed ?? 1234;
  const wrt = opts.wrt ?? inputs.flatMap((t, i) => (isFloat(t.dtype) ? [i] : []));
  const scalar: Fn = (...xs) => project(fn(...xs), seed);
  const first: Fn = (...xs) => {
    const gs = grad(scalar, { argnums: [...wrt] })(...xs);
    return gs.map((g, k) => project(g, seed + 1 + k)).reduce((acc, t) => acc.add(t));
  };
  return gradcheck(first, inputs, { ...opts, wrt });
}
