/**
 * @dnn/onnx: export a model to ONNX (for onnxruntime, netron, PyTorch's onnx tools) and read the
 * file back to list its operators.
 * Run: pnpm example onnx   (or: pnpm exec tsx --conditions=development examples/onnx.ts)
 */
import { randn } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import { decodeModel, toOnnx } from '@dnn/onnx';

const model = lenet5({ variant: 'modern' });
const bytes = toOnnx(model, randn([3, 1, 28, 28]), {
  dynamicAxes: { input: { 0: 'batch' }, output: { 0: 'batch' } }, // any batch size at run time
});
console.log(`lenet5.onnx: ${bytes.length.toLocaleString('en-US')} bytes`); // writeFileSync('lenet5.onnx', bytes) in Node

const { graph, opsetImport } = decodeModel(bytes);
const ops = [...new Set(graph.node.map((n) => n.opType))];
console.log(`opset ${opsetImport[0]!.version}, ${graph.initializer.length} weight tensors, operators: ${ops.join(', ')}`);
