import { Generator, getDefaultGenerator, tensor, type DType, type Device } from '@dnn/tensor';
import { Graph } from '../graph';
import { hostRand, hostRandn } from './host-random';

export interface CyclesOrPathsOptions {
  /** Number of graphs (half cycles, half paths, interleaved). */
  numGraphs: number;
  /** Smallest and largest node count. Default [5, 12]. */
  sizes?: [number, number];
  /** Node feature dimension. Default 4. */
  featureDim?: number;
  generator?: Generator;
  dtype?: DType;
  device?: Device;
}

/**
 * A graph-classification task that only structure can solve: each graph is a cycle (label 1) or a
 * path (label 0) of the same random length, with nodes in random order. Node features are
 * 1 + N(0, 0.1²) in every dimension for both classes, so any function of the mean-pooled features
 * is at chance; the two endpoints of degree 1 are what tells a path apart.
 */
export function cyclesOrPaths(opts: CyclesOrPathsOptions): Graph[] {
  const generator = opts.generator ?? getDefaultGenerator();
  const [lo, hi] = opts.sizes ?? [5, 12];
  const d = opts.featureDim ?? 4;
  const graphs: Graph[] = [];
  for (let k = 0; k < opts.numGraphs; k++) {
    const isCycle = k % 2 === 1;
    const draws = hostRand(1 + hi, generator);
    const n = lo + Math.min(hi - lo, Math.floor(draws[0]! * (hi - lo + 1)));
    // a random relabelling so node order says nothing
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => draws[1 + a]! - draws[1 + b]!);
    const src: number[] = [], dst: number[] = [];
    for (let i = 0; i < (isCycle ? n : n - 1); i++) {
      const u = order[i]!, v = order[(i + 1) % n]!;
      src.push(u, v);
      dst.push(v, u);
    }
    const x = hostRandn(n * d, generator).map((v) => 1 + 0.1 * v);
    graphs.push(new Graph({
      edgeIndex: [src, dst], numNodes: n, directed: false, name: `${isCycle ? 'cycle' : 'path'} ${k}`,
      x: tensor(x, { shape: [n, d], dtype: opts.dtype ?? 'float32', device: opts.device }),
      y: tensor([isCycle ? 1 : 0], { dtype: 'int32', device: opts.device }),
    }));
  }
  return graphs;
}
