/**
 * @dnn/graph — graph neural networks by message passing, with PyTorch Geometric's semantics and names.
 * @packageDocumentation
 */
export { Graph } from './graph';
export type { GraphInit, EdgeIndexLike, Csr } from './graph';
export { batchGraphs, unbatch } from './batch';
export { Segments } from './segments';
export { gcnNorm, withSelfLoops } from './norm';
export type { GcnNorm, GcnNormOptions } from './norm';
export { propagate, aggregate, edgeSoftmax, gatherSource, gatherTarget } from './message-passing';
export type { Aggregation, PropagateOptions } from './message-passing';
export { GCNConv } from './gcn-conv';
export type { GCNConvOptions } from './gcn-conv';
export { GATConv } from './gat-conv';
export type { GATConvOptions } from './gat-conv';
export { SAGEConv } from './sage-conv';
export type { SAGEConvOptions } from './sage-conv';
export { GINConv } from './gin-conv';
export type { GINConvOptions } from './gin-conv';
export { globalAddPool, globalMeanPool, globalMaxPool } from './pool';
export type { BatchLike } from './pool';
