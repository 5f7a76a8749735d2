import { loadFashionMnist } from './data';
import { classifierSession } from './classifier-session';
import type { FashionMnist } from './demo-types';
import { DEMOS, demoById, type Demo } from './demos';
import { pickDevice, type PickedDevice } from './device';
import { $, fail, queryParam, setStatus, state, type Session } from './page';
import { taskSession } from './task-session';
import { SketchPad } from './ui/sketch';

export type { PlaygroundState } from './page';

/** The page sections a family uses: classifiers the first layer and the pad, the others their own view. */
function showSections(demo: Demo): void {
  const classifier = demo.kind === 'classifier';
  $('first-layer').hidden = !classifier;
  $('try').hidden = !classifier;
  $('view-section').hidden = classifier;
  $('view-title').textContent = { classifier: '', sequence: 'Sums and answers', energy: 'Reconstructions and filters', graph: 'The club, coloured by prediction', generative: 'Samples' }[demo.kind];
}

/** A fresh session of `demo`: the curves and views of the last one cleared, the state reset. */
async function startSession(demo: Demo, picked: PickedDevice, data: FashionMnist, pad: SketchPad): Promise<Session> {
  Object.assign(state, { phase: 'loading', demo: demo.id, kind: demo.kind, losses: [], heldOut: [], prediction: undefined, view: undefined });
  $('description').textContent = demo.description;
  $('charts').replaceChildren();
  $('view').replaceChildren();
  showSections(demo);
  const session = demo.kind === 'classifier' ? await classifierSession(demo, picked, data, pad) : await taskSession(demo, picked, data);
  state.phase = 'ready';
  setStatus(`Ready: ${demo.title} on ${picked.label}. ${demo.kind === 'classifier' ? 'Press Train, draw in the box or drop an image.' : 'Press Train.'}`);
  return session;
}

async function main(): Promise<void> {
  const picker = $<HTMLSelectElement>('model');
  picker.replaceChildren(...DEMOS.map((d) => new Option(d.title, d.id)));
  picker.value = demoById(queryParam('model')).id;

  setStatus('Loading the Fashion-MNIST subset…', 0);
  const data = await loadFashionMnist((done, total) => setStatus(`Loading the Fashion-MNIST subset (${done}/${total} files)…`, done / (total + 1)));
  setStatus('Starting the device…', 0.85);
  const picked = await pickDevice(queryParam('device'), fail);
  state.device = picked.kind;
  state.deviceLabel = picked.label;
  $('device').textContent = picked.label + (picked.fallbackReason ? ` — on the CPU because ${picked.fallbackReason}` : '');

  // one pad for the page; the current classifier predicts for it
  let session: Session | undefined;
  let training: Promise<void> | undefined;
  const pad = new SketchPad($<HTMLCanvasElement>('pad'), document.body, (pixels) => void session?.predict?.(pixels).catch((e) => fail((e as Error).message)));
  $('clear').onclick = () => pad.clear();

  const trainCurrent = (): Promise<void> => {
    // Train again after a run (or a Stop) goes on from the weights it left
    if (!session || !['ready', 'trained'].includes(state.phase)) return training ?? Promise.resolve();
    const s = session;
    state.phase = 'training';
    training = s.train().then(() => { if (session === s) state.phase = 'trained'; }, (e: unknown) => fail((e as Error).message));
    return training;
  };
  // switching stops the run in progress (fit returns after its current step) before the next model starts
  const switchTo = async (demo: Demo) => {
    const previous = session;
    session = undefined;
    previous?.stop();
    await training;
    previous?.dispose(); // at once, rather than when the garbage collector finds its tensors
    session = await startSession(demo, picked, data, pad);
  };
  picker.addEventListener('change', () => void switchTo(demoById(picker.value)).catch((e) => fail((e as Error).message)));
  $('train').addEventListener('click', () => void trainCurrent());
  $('stop').addEventListener('click', () => session?.stop());

  session = await startSession(demoById(picker.value), picked, data, pad);
  if (queryParam('autotrain') !== null) await trainCurrent();
}

window.addEventListener('unhandledrejection', (e) => fail(String((e.reason as Error)?.message ?? e.reason)));
main().catch((e: unknown) => fail((e as Error).message ?? String(e)));
