import { manualSeed } from '@dnn/tensor';
import type { FashionMnist, TaskDemo } from './demo-types';
import type { PickedDevice } from './device';
import { $, disposeModel, planFromQuery, setStatus, state, type Session } from './page';
import { train } from './training';
import { LineChart } from './ui/chart';

/** A fresh model of a recurrent, Boltzmann, graph or generative demo, with its two curves and its view. */
export async function taskSession(demo: TaskDemo, picked: PickedDevice, data: FashionMnist): Promise<Session> {
  const plan = planFromQuery();
  manualSeed(plan.seed);
  const task = demo.setup(picked.device, data, plan);
  const lossChart = new LineChart($('charts'), demo.lossName, { color: '#c0392b', baseline: demo.baseline });
  const heldChart = new LineChart($('charts'), demo.heldOut.name, {
    color: '#2471a3', baseline: demo.baseline, percent: demo.heldOut.percent, ...(demo.heldOut.percent ? { yMin: 0, yMax: 1 } : {}),
  });
  state.heldOutName = demo.heldOut.name;
  const show = async () => { state.view = await task.show($('view')); };

  setStatus('Compiling shaders (a first forward pass)…', 0.95);
  await show();

  let controller: AbortController | undefined;
  return {
    stop: () => controller?.abort(),
    dispose: () => disposeModel(task.model),
    async train() {
      controller = new AbortController();
      const total = plan.rounds * plan.stepsPerRound;
      await train(task.model, task.fit, plan, {
        onStep: (step, loss) => {
          state.losses.push(loss);
          lossChart.add(state.losses.length, loss); // counts on across runs of the same model
          setStatus(`Training ${demo.title} on ${picked.label}: step ${step}/${total}, ${demo.lossName} ${loss.toFixed(4)}`, step / total);
        },
        onRound: async (_round, log) => {
          const figure = log[demo.heldOut.figure]!;
          state.heldOut.push(figure);
          heldChart.add(state.losses.length, figure);
          await show();
        },
      }, controller.signal);
      const last = state.heldOut[state.heldOut.length - 1];
      const shown = last === undefined ? '' : `; ${demo.heldOut.name} ${demo.heldOut.percent ? `${(100 * last).toFixed(1)} %` : last.toFixed(4)}`;
      setStatus(`Trained ${state.losses.length} steps on ${picked.label}${shown}.`);
    },
  };
}
