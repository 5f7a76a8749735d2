/**
 * @dnn/recurrent — the recurrent layers of dnn: the state-space RNN, a `Recurrent` wrapper that unrolls
 * any cell, PyTorch-compatible RNN/LSTM/GRU and their cells, variable-length batches, truncated
 * backpropagation through time, attention and a sequence-to-sequence model.
 * @packageDocumentation
 */
export { readLengths, stepMasks } from './lengths';
export type { Lengths } from './lengths';
export { Recurrent } from './recurrent';
export type { State, Cell, RecurrentOptions, RecurrentResult } from './recurrent';
export { StateSpaceRNN } from './state-space-rnn';
export type { StateSpaceRNNOptions, StateSpaceRNNResult, StateActivation, OutputActivation } from './state-space-rnn';
