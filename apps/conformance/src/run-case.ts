import { tensor, tidy, type DType, type Tensor } from '@dnn/tensor';
import { EXACT, TOLERANCE, mismatch } from './compare';
import { decode, type Case, type EncodedTensor, type InputSpec } from './fixture';

export type FloatDType = 'float64' | 'float32';
export type Input = Tensor | number | boolean | null;
/** One op of a family: fixture inputs (in order) and arguments to the dnn call under test. */
export type OpFn = (inputs: Input[], args: Case['args']) => Tensor | Tensor[];
export type OpTable = Record<string, OpFn>;

const dtypeFor = (t: EncodedTensor, float: FloatDType): DType =>
  t.dtype === 'float' ? float : t.dtype === 'int' ? 'int32' : 'bool';

function makeInput(spec: InputSpec, float: FloatDType): { leaf: Tensor | null; value: Input } {
  if (spec.kind === 'none') return { leaf: null, value: null };
  if (spec.kind === 'scalar') return { leaf: null, value: spec.value };
  const leaf = tensor(decode(spec), { shape: spec.shape, dtype: dtypeFor(spec, float) });
  if (spec.grad) leaf.setRequiresGrad(true);
  return { leaf, value: spec.transpose ? leaf.transpose(spec.transpose[0], spec.transpose[1]) : leaf };
}

const sameShape = (t: Tensor, golden: EncodedTensor): boolean =>
  t.rank === golden.shape.length && t.shape.every((d, i) => d === golden.shape[i]);

function check(label: string, actual: Tensor, golden: EncodedTensor, float: FloatDType): string | null {
  const dtype = dtypeFor(golden, float);
  if (!sameShape(actual, golden)) return `${label}: shape [${actual.shape.join(', ')}], expected [${golden.shape.join(', ')}]`;
  if (actual.dtype !== dtype) return `${label}: dtype ${actual.dtype}, expected ${dtype}`;
  const tol = golden.dtype === 'float' ? TOLERANCE[float] : EXACT;
  const diff = mismatch(actual.dataSync(), decode(golden), golden.shape, tol);
  return diff && `${label}: ${diff}`;
}

/**
 * Runs one fixture case through dnn in `float`: the forward outputs, then `out.backward(upstream)` for
 * each differentiable output (accumulating, as torch.autograd.backward does), then each input's `.grad`.
 * Returns the failures, empty when dnn agrees with PyTorch.
 */
export function runCase(c: Case, table: OpTable, float: FloatDType): string[] {
  const fn = table[c.op];
  if (!fn) return [`no dnn mapping for op '${c.op}'`];
  return tidy(() => {
    const failures: string[] = [];
    const made = c.inputs.map((s) => makeInput(s, float));
    const result = fn(made.map((m) => m.value), c.args);
    const outs = Array.isArray(result) ? result : [result];
    if (outs.length !== c.outputs.length) return [`${outs.length} outputs, expected ${c.outputs.length}`];
    outs.forEach((o, i) => {
      const f = check(`output ${i}`, o, c.outputs[i]!, float);
      if (f) failures.push(f);
    });
    // an upstream gradient cannot be fed back into an output of the wrong shape
    if (outs.some((o, i) => !sameShape(o, c.outputs[i]!))) return failures;
    const seeds = c.upstream.flatMap((up, i) => (up ? [{ i, out: outs[i]!, up }] : []));
    seeds.forEach(({ i, out, up }, k) => {
      if (!out.requiresGrad) {
        failures.push(`output ${i} does not require grad`);
        return;
      }
      out.backward(tensor(decode(up), { shape: up.shape, dtype: float }), { retainGraph: k < seeds.length - 1 });
    });
    if (seeds.length === 0) return failures;
    c.grads.forEach((g, i) => {
      if (!g) return;
      const leaf = made[i]!.leaf!;
      const grad = (leaf.grad as Tensor | null) ?? leaf.zerosLike();
      const f = check(`grad of input ${i}`, grad, g, float);
      if (f) failures.push(f);
    });
    return failures;
  });
}
