import { tidy, randn, type Device, type Tensor } from '@dnn/tensor';
import { LSTM, GRU } from '@dnn/recurrent';
import type { Builder } from '../types';

/** dnn's LSTM/GRU forward and backward of the summed output (gradients of the input and every weight). */
export function rnnBuilder(device: Device): Builder<'rnn-fwdbwd'> {
  return ({ cell, batch, seq, input, hidden }) => {
    const layer = cell === 'LSTM' ? new LSTM(input, hidden, { device }) : new GRU(input, hidden, { device });
    const x = randn([seq, batch, input], { device, requiresGrad: true });
    return {
      run: async () => {
        const grads = tidy(() => {
          layer.zeroGrad();
          x.zeroGrad();
          layer.forward(x).output.sum().backward();
          return layer.parameters().map((p) => p.grad!) as Tensor[];
        });
        if (!device.backend.syncRead) await grads[0]!.data();
      },
      dispose: () => {
        x.dispose();
        for (const p of layer.parameters()) p.dispose();
      },
    };
  };
}
