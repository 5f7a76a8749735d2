import { Module, noGrad, traceOps, ValueError } from '@dnn/tensor';
import type { Primitive, PrimitiveParams, Tensor } from '@dnn/tensor';
import { GraphBuilder, canonical } from './graph';
import { emitPrimitive } from './ops';
import { encodeModel, onnxDataType } from './proto';
import type { ValueInfoMessage } from './proto';
import { UnsupportedOpError } from './errors';
// the producer version travels with the package (the build inlines this one field)
import { version } from '../package.json';

export interface ToOnnxOptions {
  /** The ONNX opset the graph declares (default 17, the lowest accepted). */
  opset?: number;
  /** Graph input names, one per example input (default `input`, or `input_0`, `input_1`…). */
  inputNames?: string[];
  /** Graph output names, one per output (default `output`, or `output_0`…). */
  outputNames?: string[];
  /**
   * Symbolic axes per input or output name, as in PyTorch: `{ input: { 0: 'batch' }, output: { 0: 'batch' } }`.
   * Only axis 0 (a batch axis shared by every input) is supported.
   */
  dynamicAxes?: Record<string, Record<number, string>>;
}

const IR_VERSION = 8;

/** Runs `fn`, telling each submodule's forward which state-dict path it is (for error messages). */
function withModulePaths<T>(model: Module, stack: string[], fn: () => T): T {
  const patched = model.namedModules().filter(([path]) => path !== '');
  for (const [path, m] of patched) {
    const original = m.forward.bind(m) as (...a: unknown[]) => unknown;
    Object.defineProperty(m, 'forward', {
      configurable: true, writable: true,
      value: (...args: unknown[]) => { stack.push(path); try { return original(...args); } finally { stack.pop(); } },
    });
  }
  try {
    return fn();
  } finally {
    for (const [, m] of patched) delete (m as unknown as Record<string, unknown>).forward;
  }
}

function valueInfo(name: string, t: Tensor, axes: Record<number, string> | undefined): ValueInfoMessage {
  const dim = t.shape.map((d, i) => (axes?.[i] !== undefined ? { dimParam: axes[i]! } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: onnxDataType(t.dtype, `value '${name}'`), shape: { dim } } } };
}

const defaultNames = (base: string, n: number) => (n === 1 ? [base] : Array.from({ length: n }, (_, i) => `${base}_${i}`));

/**
 * Exports a module as an ONNX ModelProto. The forward pass runs once on `exampleInput` (in eval mode,
 * without gradients) while every primitive it applies is recorded and written as ONNX nodes; the
 * module's parameters and buffers become initializers under their state-dict names, other constant
 * tensors under generated ones. Throws UnsupportedOpError for a primitive ONNX cannot express.
 */
export function toOnnx(model: Module, exampleInput: Tensor | Tensor[], opts: ToOnnxOptions = {}): Uint8Array {
  const opset = opts.opset ?? 17;
  if (!Number.isInteger(opset) || opset < 17) throw new ValueError(`toOnnx: opset must be an integer ≥ 17, got ${opset}`);
  const inputs = Array.isArray(exampleInput) ? exampleInput : [exampleInput];
  const inputNames = opts.inputNames ?? defaultNames('input', inputs.length);
  if (inputNames.length !== inputs.length) throw new ValueError(`toOnnx: ${inputNames.length} input names for ${inputs.length} inputs`);
  const dynamic = opts.dynamicAxes ?? {};
  for (const axes of Object.values(dynamic)) {
    if (Object.keys(axes).some((k) => k !== '0')) throw new ValueError(`toOnnx: only axis 0 may be dynamic, got axes ${Object.keys(axes).join(', ')}`);
  }
  const batchOf = inputNames.find((n) => dynamic[n]?.[0] !== undefined) ?? null;
  const batch = batchOf === null ? null : inputs[inputNames.indexOf(batchOf)]!.shape[0]!;

  const constantNames = new Map<Tensor, string>();
  for (const [name, t] of Object.entries(model.stateDict())) constantNames.set(canonical(t), name);
  for (const [name, t] of model.namedBuffers({ persistent: false })) constantNames.set(canonical(t), name);
  const g = new GraphBuilder(constantNames, batchOf === null ? null : { size: batch!, input: batchOf });
  inputs.forEach((t, i) => g.bind(t, inputNames[i]!));

  const extras = new Set<Tensor>();
  const modulePath: string[] = [];
  const wasTraining = model.training;
  model.eval();
  let result: unknown;
  try {
    result = noGrad(() => withModulePaths(model, modulePath, () => traceOps(
      <P extends Primitive>(prim: P, ins: readonly Tensor[], params: PrimitiveParams[P], outs: readonly Tensor[]) => {
        const path = modulePath.at(-1) ?? null;
        if (ins.some((t) => extras.has(canonical(t)))) throw new UnsupportedOpError(prim, path, 'reads a secondary output (pooling indices) that is not exported');
        const name = emitPrimitive(g, prim, ins, params, outs, { opset, batch, batchOf, modulePath: path });
        g.bind(outs[0]!, name);
        for (const e of outs.slice(1)) extras.add(canonical(e));
      },
      () => (model as unknown as { forward(...a: Tensor[]): unknown }).forward(...inputs),
    )));
  } finally {
    model.train(wasTraining);
  }
  const outputs = (Array.isArray(result) ? result : [result]) as Tensor[];
  const outputNames = opts.outputNames ?? defaultNames('output', outputs.length);
  if (outputNames.length !== outputs.length) throw new ValueError(`toOnnx: ${outputNames.length} output names for ${outputs.length} outputs`);
  outputs.forEach((t, i) => g.node('Identity', [g.nameOf(t)], {}, [outputNames[i]!]));

  return encodeModel({
    irVersion: IR_VERSION, producerName: 'dnn', producerVersion: version,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: model.constructor.name, node: g.nodes, initializer: g.initializers,
      input: inputs.map((t, i) => valueInfo(inputNames[i]!, t, dynamic[inputNames[i]!])),
      output: outputs.map((t, i) => valueInfo(outputNames[i]!, t, dynamic[outputNames[i]!])),
    },
  });
}
