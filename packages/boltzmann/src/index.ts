/**
 * @dnn/boltzmann — Boltzmann machines of dnn: the fully connected machine (Gibbs sampling, simulated
 * annealing, the Boltzmann learning rule, exact enumeration), restricted Boltzmann machines, deep
 * belief networks and deep Boltzmann machines.
 * @packageDocumentation
 */
export { BoltzmannMachine } from './boltzmann-machine';
export type { BoltzmannMachineOptions } from './boltzmann-machine';
export type { MachineArrays } from './machine-arrays';
export { energyOf, conditionMachine } from './machine-arrays';
export { gibbsSweeps } from './gibbs';
export type { GibbsOptions } from './gibbs';
export { simulatedAnnealing, temperatureSchedule, quench } from './annealing';
export type { AnnealOptions, AnnealResult, CoolingSchedule } from './annealing';
export { allEnergies, exactBoltzmann } from './enumerate';
export type { ExactBoltzmann, ExactOptions } from './enumerate';
export { maxCutMachine, cutValue } from './max-cut';
export type { Edge } from './max-cut';
export { boltzmannLearningStep, phaseCorrelations } from './boltzmann-learning';
export type { BoltzmannLearningOptions, PhaseOptions } from './boltzmann-learning';
export { RBM } from './rbm';
export type { RBMOptions, VisibleUnits } from './rbm';
export { generatorDraws, queuedDraws, bernoulliFrom } from './draws';
export type { Draws } from './draws';
export { cdGradient, setGradients, statistics } from './contrastive-divergence';
export type { CDOptions, CDResult, RBMGradients } from './contrastive-divergence';
export { RBMTrainer, fitRBM } from './rbm-trainer';
export type { RBMTrainingOptions, FitRBMOptions } from './rbm-trainer';
export { reconstructionError, pseudoLikelihood, pseudoLikelihoodAllBits } from './measures';
export { exactLogZ, exactLogLikelihood, exactKL, exactGradient, expectedCdGradient, visibleDistribution, binaryStates, stateIndices } from './rbm-exact';
export { aisLogZ } from './ais';
export type { AISOptions, AISResult } from './ais';
export { DBN } from './dbn';
export type { DBNOptions } from './dbn';
export { DBM, dbmGradient, trainDBM } from './dbm';
export type { DBMOptions, DBMTrainingOptions } from './dbm';
export { imageGrid } from './image-grid';
export type { ImageGridOptions } from './image-grid';
