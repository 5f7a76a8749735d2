import { optim, randint, randn, Device, createCpuBackend } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import { trainStep } from '@dnn/train';
import { wasmRuntime } from '../../../packages/tensor/src/backend/wasm/runtime';
const threads = Number(process.argv[2] ?? 1);
const device = new Device(createCpuBackend({ kernels: 'wasm', threads }), 'cpu');
const net = lenet5({ variant: 'modern', device });
const opt = new optim.SGD(net.parameters(), { lr: 0.01 });
const x = randn([64, 1, 28, 28], { device }), y = randint(0, 10, [64], { device });
const times: number[] = [];
for (let i = 0; i < 60; i++) { const t = performance.now(); await trainStep(net, { x, y }, { optimizer: opt }); times.push(performance.now() - t); }
console.log(threads, times.map((t) => t.toFixed(1)).join(' '));
console.log(wasmRuntime()!.heap.stats());
