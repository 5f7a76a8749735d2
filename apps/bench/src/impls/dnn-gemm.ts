import { matmul, randn, type Device, type Tensor } from '@dnn/tensor';
import type { Builder } from '../types';

/** [m, k]·[k, n] by the same B every run; with transposeB, B is the transposed view of an [n, k] weight. */
export function matmulMknBuilder(device: Device): Builder<'matmul-mkn'> {
  return ({ m, k, n, transposeB }) => {
    const a = randn([m, k], { device });
    const w = transposeB ? randn([n, k], { device }) : randn([k, n], { device });
    const b = transposeB ? w.mT() : w;
    return {
      run: async () => {
        const c: Tensor = matmul(a, b);
        if (!device.backend.syncRead) await c.data();
        c.dispose();
      },
      dispose: () => (b === w ? [a, w] : [a, b, w]).forEach((t) => t.dispose()),
    };
  };
}
