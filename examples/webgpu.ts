/**
 * @dnn/webgpu: the same computation on WebGPU and on the CPU. In Node the `webgpu` package (Dawn)
 * provides the WebGPU implementation; in a browser pass `navigator.gpu` instead of `create([])`.
 * Run: pnpm example webgpu   (or: pnpm exec tsx --conditions=development examples/webgpu.ts)
 */
import { Generator, Linear, ReLU, Sequential, randn } from '@dnn/tensor';
import { webgpu } from '@dnn/webgpu';
import { create } from 'webgpu';

const gpu = await webgpu({ gpu: create([]) }); // a DeviceError when there is no adapter
const g = new Generator(0);
const model = new Sequential(new Linear(64, 32, { generator: g }), new ReLU(), new Linear(32, 4, { generator: g }));
const x = randn([16, 64], { generator: g });

const onCpu = model.forward(x).dataSync();
model.to(gpu);                                  // every parameter moves
const onGpu = await model.forward(x.to(gpu)).data(); // reading from the GPU is asynchronous
const worst = Array.from(onCpu).reduce((w, v, i) => Math.max(w, Math.abs(v - onGpu[i]!)), 0);
console.log(`${gpu.name}: output [16, 4], largest difference from the CPU ${worst.toExponential(1)}`);
console.log(worst < 1e-4 ? 'WebGPU agrees with the CPU' : 'WebGPU differs from the CPU');
