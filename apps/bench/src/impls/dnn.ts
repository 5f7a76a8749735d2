import { Device, add, conv2d, createCpuBackend, gradients, matmul, randn, tidy, type Tensor } from '@dnn/tensor';
import { inProcess, withWarmUp, type Builders } from '../timing';
import type { Implementation } from '../types';
import { lenetTrainBuilder } from './dnn-lenet';
import { convVaeTrainBuilder, dcganTrainBuilder } from './dnn-generative';
import { rnnBuilder } from './dnn-recurrent';
import { gnnBuilder } from './dnn-graph';
import { matmulMknBuilder } from './dnn-gemm';
import { halfBuilders } from './dnn-half';

/**
 * dnn devices the bench can run on. `cpu` is the CPU backend as users get it (float32 hot paths on
 * WebAssembly SIMD where the engine has it), one thread; `cpu-ts` pins the TypeScript kernels;
 * `webgpu` is @dnn/webgpu on the adapter tfjs-backend-webgpu also gets (node-gpu.ts), loaded only when
 * asked for. Runs on the GPU end with an async read, so timings include the work.
 */
export const DNN_DEVICES: Record<string, () => Device | Promise<Device>> = {
  cpu: () => new Device(createCpuBackend({ threads: 1 }), 'cpu'),
  'cpu-ts': () => new Device(createCpuBackend({ kernels: 'ts' }), 'cpu-ts'),
  webgpu: async () => (await import('./node-gpu')).dnnWebgpuDevice(),
};

/** Waits for the device to finish (a read on asynchronous devices; CPU ops are already done). */
async function settle(t: Tensor): Promise<void> {
  if (!t.device.backend.syncRead) await t.data();
}

export function builders(device: Device): Builders {
  const opts = { device };
  return {
    'lenet-train': lenetTrainBuilder(device),
    'conv-vae-train': convVaeTrainBuilder(device),
    'dcgan-train': dcganTrainBuilder(device),
    'rnn-fwdbwd': rnnBuilder(device),
    gnn: gnnBuilder(device),
    'matmul-mkn': matmulMknBuilder(device),
    ...halfBuilders(device),
    matmul: ({ n }) => {
      const a = randn([n, n], opts), b = randn([n, n], opts);
      return {
        run: async () => {
          const c = matmul(a, b);
          await settle(c);
          c.dispose();
        },
        dispose: () => [a, b].forEach((t) => t.dispose()),
      };
    },
    add: ({ n }) => {
      const a = randn([n], opts), b = randn([n], opts);
      return {
        run: async () => {
          const c = add(a, b);
          await settle(c);
          c.dispose();
        },
        dispose: () => [a, b].forEach((t) => t.dispose()),
      };
    },
    conv2d: ({ x: xs, w: ws, pad, backward }) => {
      const x = randn(xs, { ...opts, requiresGrad: backward }), w = randn(ws, { ...opts, requiresGrad: backward });
      const dy = backward ? tidy(() => randn([xs[0], ws[0], xs[2] + 2 * pad - ws[2] + 1, xs[3] + 2 * pad - ws[3] + 1], opts)) : null;
      return {
        run: async () => {
          const outs = tidy(() => {
            const y = conv2d(x, w, null, { padding: pad });
            // gradients are caller-owned handles: returned here and disposed after the sync
            return dy ? gradients(y, [x, w], [dy]) as Tensor[] : [y];
          });
          for (const t of outs) await settle(t);
          for (const t of outs) t.dispose();
        },
        dispose: () => [x, w, dy].forEach((t) => t?.dispose()),
      };
    },
  };
}

export function dnnImplementation(deviceName: string): Implementation {
  const make = DNN_DEVICES[deviceName];
  if (!make) throw new Error(`bench: unknown dnn device '${deviceName}' (known: ${Object.keys(DNN_DEVICES).join(', ')})`);
  return inProcess('dnn', deviceName, 1, async () => {
    const device = await make();
    return device.backend.syncRead ? builders(device) : withWarmUp(builders(device));
  });
}
