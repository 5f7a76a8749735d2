import { fromTypedArray, manualSeed, tidy, type Module, type Tensor } from '@dnn/tensor';
import type { ImageSplit } from '@dnn/data';
import { loadFashionMnist } from './data';
import { DEMOS, demoById, type Demo } from './demos';
import { pickDevice, type PickedDevice } from './device';
import { train } from './training';
import { LineChart } from './ui/chart';
import { drawChannels, drawGray, drawProbabilities } from './ui/images';
import { SketchPad } from './ui/sketch';

/** What the page exposes in `window.playground` (read by the browser test and handy in the console). */
export interface PlaygroundState {
  phase: 'loading' | 'ready' | 'training' | 'trained' | 'error';
  device?: 'webgpu' | 'cpu';
  deviceLabel?: string;
  losses: number[];
  accuracies: number[];
  /** The class probabilities of the last drawn or dropped image. */
  prediction?: number[];
  error?: string;
}

declare global {
  interface Window {
    playground: PlaygroundState;
  }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const state: PlaygroundState = (window.playground = { phase: 'loading', losses: [], accuracies: [] });
const query = new URLSearchParams(location.search);
const num = (name: string, fallback: number) => Number(query.get(name) ?? fallback);

function setStatus(text: string, progress?: number): void {
  $('status-text').textContent = text;
  const bar = $<HTMLProgressElement>('progress');
  bar.hidden = progress === undefined;
  if (progress !== undefined) bar.value = progress;
}

function fail(message: string): void {
  state.phase = 'error';
  state.error = message;
  const box = $('error');
  box.hidden = false;
  box.textContent = `Error: ${message}`;
  setStatus('stopped by an error');
}

/** Reads a tensor made inside `fn` from any device, then frees it. */
async function read(fn: () => Tensor): Promise<Float32Array> {
  const t = tidy(fn);
  try {
    return Float32Array.from(await t.data(), Number);
  } finally {
    t.dispose();
  }
}

async function main(): Promise<void> {
  const picker = $<HTMLSelectElement>('model');
  picker.replaceChildren(...DEMOS.map((d) => new Option(d.title, d.id)));
  picker.value = demoById(query.get('model')).id;

  setStatus('Loading the Fashion-MNIST subset…', 0);
  const data = await loadFashionMnist((done, total) => setStatus(`Loading the Fashion-MNIST subset (${done}/${total} files)…`, done / (total + 1)));
  setStatus('Starting the device…', 0.85);
  const picked = await pickDevice(query.get('device'), fail);
  state.device = picked.kind;
  state.deviceLabel = picked.label;
  $('device').textContent = picked.label + (picked.fallbackReason ? ` — on the CPU because ${picked.fallbackReason}` : '');

  // one pad for the page; each model's session reads it, the current one predicts for it
  let session: Session | undefined;
  const pad = new SketchPad($<HTMLCanvasElement>('pad'), document.body, (pixels) => void session?.predict(pixels).catch((e) => fail((e as Error).message)));
  $('clear').onclick = () => pad.clear();
  session = await startSession(demoById(picker.value), picked, data, pad);
  picker.addEventListener('change', () => {
    session?.stop();
    void startSession(demoById(picker.value), picked, data, pad).then((s) => (session = s), (e) => fail((e as Error).message));
  });
  $('train').addEventListener('click', () => void session?.train().catch((e) => fail((e as Error).message)));
  $('stop').addEventListener('click', () => session?.stop());
  if (query.has('autotrain')) await session.train();
}

interface Session {
  train(): Promise<void>;
  stop(): void;
  predict(pixels: Float32Array): Promise<void>;
}

/** A fresh model of `demo` on the picked device, with its charts, filters and drawing pad wired up. */
async function startSession(demo: Demo, picked: PickedDevice, data: { train: ImageSplit; test: ImageSplit }, pad: SketchPad): Promise<Session> {
  $('description').textContent = demo.description;
  manualSeed(num('seed', 0));
  const model = demo.create(picked.device);
  state.losses = [];
  state.accuracies = [];
  $('charts').replaceChildren();
  const lossChart = new LineChart($('charts'), 'training loss', { color: '#c0392b' });
  const accChart = new LineChart($('charts'), 'held-out accuracy', { color: '#2471a3', yMin: 0, yMax: 1, percent: true });
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
  state.phase = 'ready';
  setStatus(`Ready: ${demo.title} on ${picked.label}. Press Train, draw in the box or drop an image.`);

  let controller: AbortController | undefined;
  return {
    stop: () => controller?.abort(),
    predict,
    async train() {
      if (state.phase === 'training') return;
      controller = new AbortController();
      state.phase = 'training';
      const plan = { rounds: num('rounds', 10), stepsPerRound: num('steps', 20), batchSize: num('batch', 32), validationSize: num('val', 500), seed: num('seed', 0) };
      const total = plan.rounds * plan.stepsPerRound;
      await train(demo, model as Module & { forward(x: Tensor): Tensor }, picked.device, data, plan, {
        onStep: (step, loss) => {
          state.losses.push(loss);
          lossChart.add(step, loss);
          setStatus(`Training ${demo.title} on ${picked.label}: step ${step}/${total}, loss ${loss.toFixed(4)}`, step / total);
        },
        onRound: async (round, _valLoss, acc) => {
          state.accuracies.push(acc);
          accChart.add(round * plan.stepsPerRound, acc);
          await showFirstLayer();
          if (padUsed) await predict(pad.pixels());
        },
      }, controller.signal);
      state.phase = 'trained';
      const acc = state.accuracies[state.accuracies.length - 1];
      setStatus(`Trained ${state.losses.length} steps on ${picked.label}${acc === undefined ? '' : `; held-out accuracy ${(100 * acc).toFixed(1)} %`}. Draw in the box or drop an image.`);
    },
  };
}

window.addEventListener('unhandledrejection', (e) => fail(String((e.reason as Error)?.message ?? e.reason)));
main().catch((e: unknown) => fail((e as Error).message ?? String(e)));
