/** Test helpers of @dnn/graph: the golden cases' layer and graph builders, shared with apps/conformance. */
export { buildLayer, buildGraph, toTensor } from './golden-cases';
export type { GoldenCase, Arr, GraphLayer } from './golden-cases';
