/**
 * @dnn/recurrent — the recurrent layers of dnn: the state-space RNN, a `Recurrent` wrapper that unrolls
 * any cell, PyTorch-compatible RNN/LSTM/GRU and their cells, variable-length batches, truncated
 * backpropagation through time, attention and a sequence-to-sequence model.
 * @packageDocumentation
 */
export { readLengths, stepMasks } from './lengths';
export type { Lengths } from './lengths';
export { Recurrent } from './recurrent';
export type { State, StateOf, Cell, RecurrentOptions, RecurrentResult } from './recurrent';
export { StateSpaceRNN } from './state-space-rnn';
export type { StateSpaceRNNOptions, StateSpaceRNNResult, StateActivation, OutputActivation } from './state-space-rnn';
export type { RNNBase, RNNBaseOptions, Mode } from './rnn-base';
export { RNN } from './rnn';
export type { RNNOptions } from './rnn';
export { LSTM } from './lstm';
export type { LSTMOptions } from './lstm';
export { GRU } from './gru';
export type { GRUOptions } from './gru';
export { rnnStep, lstmStep, gruStep } from './cell-steps';
export type { StepWeights } from './cell-steps';
export type { CellBase, CellOptions } from './cell-base';
export { RNNCell } from './rnn-cell';
export type { RNNCellOptions } from './rnn-cell';
export { LSTMCell } from './lstm-cell';
export { GRUCell } from './gru-cell';
export { bptt, clipGradients } from './bptt';
export type { BpttOptions, ClipOptions, Span } from './bptt';
export { scaledDotProductAttention, maskScores, AdditiveAttention, LuongAttention } from './attention';
export type { AttentionMaskOptions, ScaledDotProductOptions, AttentionResult, AdditiveAttentionOptions, LuongAttentionOptions } from './attention';
export { MultiheadAttention } from './multihead-attention';
export type { MultiheadAttentionOptions, MultiheadForwardOptions } from './multihead-attention';
export { Seq2Seq } from './seq2seq';
export type { Seq2SeqOptions, DecodeResult } from './seq2seq';
