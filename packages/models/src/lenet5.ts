import { Sequential, Flatten, Linear, ReLU, nn, type ModuleOptions, type Tensor } from '@dnn/tensor';
import { Conv2d, MaxPool2d, Subsampling2d, RBFOutput, LENET5_C3_TABLE } from '@dnn/conv';

export interface LeNet5Options extends ModuleOptions {
  /** 'classic': as published (1998). 'modern': ReLU, max-pooling, full C3, softmax cross-entropy. */
  variant?: 'classic' | 'modern';
  numClasses?: number;
  inChannels?: number;
}

/** Negates RBF penalties so the classic net returns logits like every other model (argmax = nearest prototype). */
class NegatedPenalties extends RBFOutput {
  override forward(x: Tensor): Tensor {
    return super.forward(x).neg();
  }
}

/**
 * LeNet-5 (LeCun et al., 1998) for 28×28 inputs; C1's padding of 2 makes the published 32×32 field.
 *
 * classic — C1 6@5×5 → S2 trainable subsampling → C3 16@5×5 over the connection table → S4 → C5 120@5×5
 * → F6 84, each followed by the scaled tanh 1.7159·tanh(2x/3), then the RBF output layer with fixed ±1
 * prototypes. 60,000 trainable parameters. Its forward returns −‖x − w_i‖² (logits for cross-entropy).
 *
 * modern — the same geometry with ReLU, 2×2 max-pooling, a full C3 and a linear softmax output.
 */
export function lenet5(opts: LeNet5Options = {}): Sequential {
  const variant = opts.variant ?? 'modern';
  const m = { device: opts.device, dtype: opts.dtype };
  const classes = opts.numClasses ?? 10;
  const inC = opts.inChannels ?? 1;
  if (variant === 'classic') {
    return new Sequential({
      c1: new Conv2d(inC, 6, 5, { ...m, padding: 2 }),
      tanh1: new nn.ScaledTanh(),
      s2: new Subsampling2d(6, m),
      tanh2: new nn.ScaledTanh(),
      c3: new Conv2d(6, 16, 5, { ...m, connections: LENET5_C3_TABLE }),
      tanh3: new nn.ScaledTanh(),
      s4: new Subsampling2d(16, m),
      tanh4: new nn.ScaledTanh(),
      c5: new Conv2d(16, 120, 5, m),
      tanh5: new nn.ScaledTanh(),
      flatten: new Flatten(),
      f6: new Linear(120, 84, m),
      tanh6: new nn.ScaledTanh(),
      output: new NegatedPenalties(84, classes, m),
    });
  }
  return new Sequential({
    c1: new Conv2d(inC, 6, 5, { ...m, padding: 2 }),
    relu1: new ReLU(),
    s2: new MaxPool2d(2),
    c3: new Conv2d(6, 16, 5, m),
    relu3: new ReLU(),
    s4: new MaxPool2d(2),
    c5: new Conv2d(16, 120, 5, m),
    relu5: new ReLU(),
    flatten: new Flatten(),
    f6: new Linear(120, 84, m),
    relu6: new ReLU(),
    output: new Linear(84, classes, m),
  });
}
