import { describe, it, expect } from 'vitest';
import { bernoulli, full, manualSeed, randn, type Device, type DType, type Module, type Tensor } from '@dnn/tensor';
import { checkModuleConventions, type ModuleExample } from '@dnn/tensor/testing';
import * as boltzmann from './index';

const bits = (shape: number[]) => (o: { device: Device; dtype: DType }) => bernoulli(full(shape, 0.5, o));

/** Free energies of every RBM of a stack on the up pass: reaches each parameter, the pretraining-only ones included. */
const stackFreeEnergy = (m: Module, v: Tensor): Tensor => {
  let x = v;
  let total: Tensor | null = null;
  for (const rbm of (m as boltzmann.DBN | boltzmann.DBM).layers) {
    const f = rbm.freeEnergy(x).sum();
    total = total ? total.add(f) : f;
    x = rbm.hiddenProbs(x);
  }
  return total!.add(x.sum());
};

/** Every Module class @dnn/boltzmann exports, with its required arguments, some options and an input. */
const EXAMPLES: Record<string, ModuleExample> = {
  BoltzmannMachine: { args: [3], options: { nHidden: 2, initStd: 0.5 }, input: bits([4, 5]) },
  RBM: { args: [5, 3], options: { visible: 'gaussian', learnSigma: true }, input: (o) => randn([4, 5], o), call: (m, v) => (m as boltzmann.RBM).freeEnergy(v!) },
  DBN: { args: [[5, 4, 3]], options: { initStd: 0.1 }, input: bits([4, 5]), call: (m, v) => stackFreeEnergy(m, v!) },
  DBM: { args: [[5, 4, 3]], options: { initStd: 0.1 }, input: bits([4, 5]), call: (m, v) => stackFreeEnergy(m, v!).add((m as boltzmann.DBM).forward(v!).sum()) },
};

describe('layer conventions of @dnn/boltzmann', () => {
  it('every exported module takes (required arguments, options), runs forward and backward, moves with .to() and round-trips its state dict', () => {
    manualSeed(3);
    expect(checkModuleConventions(boltzmann, EXAMPLES)).toEqual([]);
  });
});
