/**
 * @dnn/graph — graph neural networks by message passing, with PyTorch Geometric's semantics and names.
 * @packageDocumentation
 */
export { Graph } from './graph';
export type { GraphInit, EdgeIndexLike, Csr } from './graph';
export { batchGraphs, unbatch } from './batch';
export { Segments } from './segments';
export { gcnNorm, withSelfLoops } from './norm';
export { gcnNormWeighted } from './weighted-norm';
export type { GcnNorm, GcnNormOptions } from './norm';
export { propagate, propagateWeighted, aggregate, edgeSoftmax, gatherSource, gatherTarget } from './message-passing';
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
export { parseEdgeList, fromNodeLink, fromGraphology } from './io';
export type { LoadedGraph, LoadOptions, EdgeListOptions, NodeLinkData, GraphologyData } from './io';
export { karateClub } from './datasets/karate';
export { contextualSbm } from './datasets/csbm';
export type { CsbmOptions } from './datasets/csbm';
export { cyclesOrPaths } from './datasets/cycles';
export type { CyclesOrPathsOptions } from './datasets/cycles';
export { NodeClassifier, GINClassifier, MeanPoolMLP } from './demos/models';
export type { NodeModelKind, NodeModelOptions } from './demos/models';
export { fitFullBatch, accuracy } from './demos/fit';
export type { FullBatchOptions } from './demos/fit';
export { karateDemo } from './demos/karate';
export type { KarateResult } from './demos/karate';
export { csbmSweep, CSBM_LEVELS } from './demos/csbm';
export type { CsbmLevel, CsbmRow, CsbmSweepOptions } from './demos/csbm';
export { ginCyclesDemo } from './demos/gin-cycles';
export type { GinDemoResult } from './demos/gin-cycles';
export { OnGraph, OnBatch, bindGraph, isBatchHandle } from './bound';
export { embeddingSvg } from './demos/embedding-svg';
