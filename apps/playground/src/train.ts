import { cpu, fromTypedArray, Generator, manualSeed, optim, rand, randint, type Device, type Tensor } from '@dnn/tensor';
import { lenet5 } from '@dnn/models';
import { trainStep } from '@dnn/train';

export interface DemoOptions {
  steps: number;
  batch: number;
  seed?: number;
}

/** Batch `s` of the demo's data: images uniform in [0, 1) and labels 0…9, drawn on the CPU, then moved. */
function demoBatch(s: number, batch: number, seed: number, device: Device): [Tensor, Tensor] {
  const gen = new Generator(seed * 1000 + s);
  const x = rand([batch, 1, 28, 28], { generator: gen }), y = randint(0, 10, [batch], { generator: gen });
  const moved: [Tensor, Tensor] = [fromTypedArray(x.dataSync(), x.shape, { device }), fromTypedArray(y.dataSync(), y.shape, { device })];
  x.dispose();
  y.dispose();
  return moved;
}

/**
 * Trains LeNet-5 (modern) for `steps` SGD steps on `device`, from the weights `manualSeed(seed)` gives on
 * the CPU, so every device starts from the same ones; reports each step's loss as it comes.
 */
export async function trainLenet(device: Device, o: DemoOptions, onLoss: (step: number, loss: number) => void = () => {}): Promise<number[]> {
  const seed = o.seed ?? 0;
  manualSeed(seed);
  const initial = lenet5({ variant: 'modern' });
  const onDevice = device === cpu() ? initial : lenet5({ variant: 'modern', device });
  if (onDevice !== initial) onDevice.loadStateDict(initial.stateDict());
  const opt = new optim.SGD(onDevice.parameters(), { lr: 0.01, momentum: 0.9 });
  const losses: number[] = [];
  for (let s = 0; s < o.steps; s++) {
    const [x, y] = demoBatch(s, o.batch, seed, device);
    // the same step on every device: @dnn/train opens the memory scope and reads the loss asynchronously
    losses.push(await trainStep(onDevice, { x, y }, { optimizer: opt }));
    x.dispose();
    y.dispose();
    onLoss(s + 1, losses[s]!);
  }
  return losses;
}
