import { describe, it, expect } from 'vitest';
import { Generator, getDefaultDevice } from '@dnn/tensor';
import { contextualSbm } from '../datasets/csbm';
import { fitFullBatch, idTensor } from './fit';
import { NodeClassifier } from './models';

describe('full-batch training keeps memory flat', () => {
  for (const kind of ['gcn', 'gat', 'sage'] as const) {
    it(`${kind}: no tensor survives an epoch beyond the first`, () => {
      const generator = new Generator(3);
      const g = contextualSbm({ numNodes: 60, avgDegree: 4, featureDim: 4, generator });
      const model = new NodeClassifier(kind, 4, 2, { hidden: 8, generator });
      const rows = idTensor(g, [0, 1, 2, 3]);
      const device = getDefaultDevice();
      const counts: number[] = [];
      fitFullBatch(model, g, rows, { epochs: 4, onEpoch: () => counts.push(device.memory().tensors) });
      expect(counts[3]).toBe(counts[1]);
    });
  }
});
