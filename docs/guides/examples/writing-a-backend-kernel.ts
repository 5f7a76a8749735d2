/** docs/guides/writing-a-backend-kernel.md: a CPU backend with its own softmax kernel. */
import { Device, cpu, createCpuBackend, tensor, type Backend, type TypedArray, type View } from '@dnn/tensor';

/** Softmax (or log-softmax) along the last axis of a [rows, cols] view, in one pass per row. */
function softmaxRows(x: View<TypedArray>, log: boolean): TypedArray {
  const [rows, cols] = x.shape as [number, number];
  const [rowStride, colStride] = x.strides as [number, number];
  const out = x.dtype === 'float64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const at = (c: number) => x.buffer[x.offset + r * rowStride + c * colStride]!;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, at(c));
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(at(c) - max);
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] = log ? at(c) - max - Math.log(sum) : Math.exp(at(c) - max) / sum;
    }
  }
  return out;
}

/** The CPU backend, plus the optional `softmax` kernel; `calls` counts how often the ops reach it. */
export function cpuWithSoftmax(): Backend<TypedArray> & { calls: number } {
  const base = createCpuBackend();
  const backend = {
    ...base,
    name: 'cpu+softmax',
    calls: 0,
    softmax(x: View<TypedArray>, log: boolean) {
      backend.calls++;
      return softmaxRows(x, log);
    },
  };
  return backend;
}

export function compare() {
  const backend = cpuWithSoftmax();
  const device = new Device(backend);
  const x = tensor([[1, 2, 3], [-1, 0, 5]], { dtype: 'float64' });
  const kernel = x.to(device).softmax(1);       // reaches backend.softmax
  const composite = x.softmax(1);               // the CPU backend has no softmax: composed from exp, max, sum
  const logKernel = x.to(device).T.logSoftmax(1); // a transposed view arrives without a copy
  return { kernel: kernel.to(cpu()), composite, logKernel: logKernel.to(cpu()), logComposite: x.T.logSoftmax(1), calls: backend.calls };
}
