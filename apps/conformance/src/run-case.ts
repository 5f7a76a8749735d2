import { dispose, getDefaultDevice, tensor, tidy, type Device, type DType, type Tensor } from '@dnn/tensor';
import { EXACT, mismatch, type Tolerance } from './compare';
import { CPU_TOLERANCE, type FloatDType } from './devices';
import { decode, type Case, type EncodedTensor, type InputSpec } from './fixture';

export type { FloatDType };
export type Input = Tensor | number | boolean | null;
/** One op of a family: fixture inputs (in order) and arguments to the dnn call under test. */
export type OpFn = (inputs: Input[], args: Case['args']) => Tensor | Tensor[];
export type OpTable = Record<string, OpFn>;

const dtypeFor = (t: EncodedTensor, float: FloatDType): DType =>
  t.dtype === 'float' ? float : t.dtype === 'int' ? 'int32' : 'bool';

function makeInput(spec: InputSpec, float: FloatDType, device: Device): { leaf: Tensor | null; value: Input } {
  if (spec.kind === 'none') return { leaf: null, value: null };
  if (spec.kind === 'scalar') return { leaf: null, value: spec.value };
  const leaf = tensor(decode(spec), { shape: spec.shape, dtype: dtypeFor(spec, float), device });
  if (spec.grad) leaf.setRequiresGrad(true);
  return { leaf, value: spec.transpose ? leaf.transpose(spec.transpose[0], spec.transpose[1]) : leaf };
}

const sameShape = (t: Tensor, golden: EncodedTensor): boolean =>
  t.rank === golden.shape.length && t.shape.every((d, i) => d === golden.shape[i]);

async function check(label: string, actual: Tensor, golden: EncodedTensor, float: FloatDType, tol: Tolerance): Promise<string | null> {
  const dtype = dtypeFor(golden, float);
  if (!sameShape(actual, golden)) return `${label}: shape [${actual.shape.join(', ')}], expected [${golden.shape.join(', ')}]`;
  if (actual.dtype !== dtype) return `${label}: dtype ${actual.dtype}, expected ${dtype}`;
  const diff = mismatch(await actual.data(), decode(golden), golden.shape, golden.dtype === 'float' ? tol : EXACT);
  return diff && `${label}: ${diff}`;
}

export interface RunOptions {
  /** Where the case runs (default: the default device). */
  readonly device?: Device;
  /** The float tolerance (default: the CPU's for `float`, see devices.ts). */
  readonly tolerance?: Tolerance;
}

/**
 * Runs one fixture case through dnn in `float`: the forward outputs, then `out.backward(upstream)` for
 * each differentiable output (accumulating, as torch.autograd.backward does), then each input's `.grad`.
 * Values are read asynchronously, so any device can run it. Returns the failures, empty when dnn
 * agrees with PyTorch.
 */
export async function runCase(c: Case, table: OpTable, float: FloatDType, opts: RunOptions = {}): Promise<string[]> {
  const fn = table[c.op];
  if (!fn) return [`no dnn mapping for op '${c.op}'`];
  const device = opts.device ?? getDefaultDevice();
  const tol = opts.tolerance ?? CPU_TOLERANCE[float];
  // the ops run synchronously inside tidy; what is read afterwards (outputs, leaves with their
  // gradients) is returned from it and disposed once read
  const run = tidy(() => {
    const failures: string[] = [];
    const made = c.inputs.map((s) => makeInput(s, float, device));
    const leaves = made.map((m) => m.leaf);
    const result = fn(made.map((m) => m.value), c.args);
    const outs = Array.isArray(result) ? result : [result];
    if (outs.length !== c.outputs.length) return { failures: [`${outs.length} outputs, expected ${c.outputs.length}`], outs, leaves, backward: false };
    // an upstream gradient cannot be fed back into an output of the wrong shape
    if (outs.some((o, i) => !sameShape(o, c.outputs[i]!))) return { failures, outs, leaves, backward: false };
    const seeds = c.upstream.flatMap((up, i) => (up ? [{ i, out: outs[i]!, up }] : []));
    seeds.forEach(({ i, out, up }, k) => {
      if (!out.requiresGrad) {
        failures.push(`output ${i} does not require grad`);
        return;
      }
      const upstream = tensor(decode(up), { shape: up.shape, dtype: float, device });
      out.backward(upstream, { retainGraph: k < seeds.length - 1 });
    });
    return { failures, outs, leaves, backward: seeds.length > 0 };
  });
  try {
    const grads = run.backward
      ? c.grads.map((g, i) => (g ? (run.leaves[i]!.grad as Tensor | null) ?? run.leaves[i]!.zerosLike() : null))
      : [];
    try {
      // every read is issued before any is awaited, so a GPU serves them together
      const [outputs, gradients] = await Promise.all([
        Promise.all(c.outputs.slice(0, run.outs.length).map((golden, i) => check(`output ${i}`, run.outs[i]!, golden, float, tol))),
        Promise.all(grads.map((g, i) => (g ? check(`grad of input ${i}`, g, c.grads[i]!, float, tol) : null))),
      ]);
      const found = (fs: (string | null)[]) => fs.filter((f): f is string => f !== null);
      return [...found(outputs), ...run.failures, ...found(gradients)];
    } finally {
      grads.forEach((g, i) => g !== null && g !== run.leaves[i]!.grad && g.dispose());
    }
  } finally {
    dispose([run.outs, run.leaves.filter((l): l is Tensor => l !== null)]);
  }
}
