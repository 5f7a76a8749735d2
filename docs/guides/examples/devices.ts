/** docs/guides/devices.md: the CPU's kernels and threads, WebGPU in Node, .to(), tidy and dispose. */
import { Linear, cpu, cpuKernelInfo, getDefaultDevice, optim, randn, setCpuKernels, setCpuThreads, tidy, type Device } from '@dnn/tensor';
import { webgpu } from '@dnn/webgpu';
import { create } from 'webgpu';

export function cpuSettings() {
  setCpuThreads(2);     // the calling thread plus one worker for large float32 ops
  setCpuKernels('wasm'); // the default: WebAssembly SIMD; 'ts' runs the TypeScript reference kernels
  const info = cpuKernelInfo(); // { kernels: 'wasm', threads: 2, fusedMultiplyAdd: true } where the engine has relaxed SIMD
  setCpuThreads(null);  // back to one thread per hardware thread
  return info;
}

export async function onWebGpu() {
  const gpu = await webgpu({ gpu: create([]) });
  const model = new Linear(8, 2).to(gpu);
  const x = randn([4, 8], { device: gpu });
  const y = model.forward(x);
  const values = await y.data();   // reading a GPU tensor is asynchronous
  const back = await y.toAsync(cpu()); // leaving the GPU is asynchronous too: toAsync, not to
  return { gpu, values, back, model };
}

export function flatMemory(device: Device = getDefaultDevice()) {
  const model = new Linear(8, 2, { device });
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });
  const losses: number[] = [], live: number[] = [];
  for (let step = 0; step < 10; step++) {
    // every tensor created inside is disposed when tidy returns, except what it returns
    const loss = tidy(() => {
      optimizer.zeroGrad();
      const l = model.forward(randn([4, 8], { device })).square().mean();
      l.backward();
      optimizer.step();
      return l.item();
    });
    losses.push(loss);
    live.push(device.memory().tensors);
  }
  return { losses, live };
}
