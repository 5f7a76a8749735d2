import { fromTypedArray, manualSeed, type Module, type Tensor } from '@dnn/tensor';
import type { ClassifierDemo, FashionMnist } from './demo-types';
import type { PickedDevice } from './device';
import { $, disposeModel, planFromQuery, setStatus, state, type Session } from './page';
import { read } from './task-data';
import { classifierFit, train } from './training';
import { LineChart } from './ui/chart';
import { drawChannels, drawGray, drawProbabilities } from './ui/images';
import type { SketchPad } from './ui/sketch';

/** A fresh classifier on the picked device, with its curves, first layer and drawing pad wired up. */
export async function classifierSession(demo: ClassifierDemo, picked: PickedDevice, data: FashionMnist, pad: SketchPad): Promise<Session> {
  const plan = planFromQuery();
  manualSeed(plan.seed);
  const model = demo.create(picked.device);
  const lossChart = new LineChart($('charts'), 'training loss', { color: '#c0392b' });
  const accChart = new LineChart($('charts'), 'held-out accuracy', { color: '#2471a3', yMin: 0, yMax: 1, percent: true });
  state.heldOutName = 'held-out accuracy';
  const sample = data.test.images.subarray(0, 784);
  drawGray($<HTMLCanvasElement>('sample'), sample, 28, 28, [0, 255]);
  let padUsed = false;

  async function predict(pixels: Float32Array): Promise<void> {
    padUsed = true;
    drawGray($<HTMLCanvasElement>('pad-small'), pixels, 28, 28, [0, 1]);
    const probs = await read(() => model.forward(fromTypedArray(pixels, [1, 1, 28, 28], { device: picked.device })).softmax(-1));
    state.prediction = Array.from(probs);
    drawProbabilities($('probs'), probs, demo.classes);
  }

  async function showFirstLayer(): Promise<void> {
    const layer = demo.firstLayer?.(model);
    if (!layer) return;
    const [outC, , kh, kw] = layer.weight.shape as number[];
    drawChannels($('filters'), await read(() => layer.weight.detach().mul(1)), outC!, kh!, kw!);
    const x = Float32Array.from(sample, (v) => v / 255);
    const maps = await read(() => layer.forward(fromTypedArray(x, [1, 1, 28, 28], { device: picked.device })).detach());
    const side = Math.round(Math.sqrt(maps.length / outC!));
    drawChannels($('maps'), maps, outC!, side, side);
  }

  setStatus('Compiling shaders (a first forward pass)…', 0.95);
  await showFirstLayer();

  let controller: AbortController | undefined;
  return {
    stop: () => controller?.abort(),
    dispose: () => disposeModel(model),
    predict,
    async train() {
      controller = new AbortController();
      const total = plan.rounds * plan.stepsPerRound;
      await train(model as Module & { forward(x: Tensor): Tensor }, classifierFit(data, demo.optimizer(model), picked.device, plan), plan, {
        onStep: (step, loss) => {
          state.losses.push(loss);
          lossChart.add(state.losses.length, loss); // counts on across runs of the same model
          setStatus(`Training ${demo.title} on ${picked.label}: step ${step}/${total}, loss ${loss.toFixed(4)}`, step / total);
        },
        onRound: async (_round, log) => {
          state.heldOut.push(log.valAccuracy!);
          accChart.add(state.losses.length, log.valAccuracy!);
          await showFirstLayer();
          if (padUsed) await predict(pad.pixels());
        },
      }, controller.signal);
      const acc = state.heldOut[state.heldOut.length - 1];
      setStatus(`Trained ${state.losses.length} steps on ${picked.label}${acc === undefined ? '' : `; held-out accuracy ${(100 * acc).toFixed(1)} %`}. Draw in the box or drop an image.`);
    },
  };
}
