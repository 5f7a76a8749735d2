import { karateClub, NodeClassifier, OnGraph } from '@dnn/graph';
import { Generator, noGrad, optim } from '@dnn/tensor';
import { accuracy } from '@dnn/train';
import type { TaskDemo } from '../demo-types';
import { idTensor, read } from '../task-data';
import { drawKarate } from '../ui/graph-view';

const LABELLED = [0, 33];
const OTHERS = Array.from({ length: 32 }, (_, i) => i + 1);
const EVERYONE = Array.from({ length: 34 }, (_, i) => i);

/** Semi-supervised GCN on the karate club (the recipe of `dnn train gcn`); the view: the club coloured by prediction. */
export const karateTask: TaskDemo['setup'] = (device, _data, plan) => {
  const graph = karateClub({ device });
  const truth = Array.from(karateClub().y!.dataSync() as ArrayLike<number>, Number); // the same labels, read on the host
  const model = new OnGraph(new NodeClassifier('gcn', 34, 2, { hidden: 16, device, generator: new Generator(plan.seed) }), graph);
  const batch = (ids: number[]) => ({ x: idTensor(ids, device), y: idTensor(ids.map((i) => truth[i]!), device) });
  const labelled = batch(LABELLED), everyone = idTensor(EVERYONE, device);
  return {
    model,
    fit: {
      // full batch: a round is stepsPerRound steps on the same two labelled members
      train: Array.from({ length: plan.stepsPerRound }, () => labelled),
      validation: [batch(OTHERS)],
      optimizer: new optim.Adam(model.parameters(), { lr: 0.02, weightDecay: 5e-4 }),
      metrics: { accuracy },
    },
    show: async (host) => {
      model.eval();
      const predicted = Array.from(await read(() => noGrad(() => model.forward(everyone).argmax(1).cast('float32'))));
      drawKarate(host, { src: graph.src, dst: graph.dst, predicted, truth, labelled: LABELLED });
      return { predicted };
    },
  };
};
