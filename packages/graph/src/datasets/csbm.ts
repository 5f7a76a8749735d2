import { Generator, getDefaultGenerator, tensor, ValueError, type DType, type Device } from '@dnn/tensor';
import { Graph } from '../graph';
import { hostRand, hostRandn } from './host-random';

export interface CsbmOptions {
  /** Number of nodes (split evenly between two classes). */
  numNodes: number;
  /** Average number of neighbours per node. Default 8. */
  avgDegree?: number;
  /** Fraction of edges that join two nodes of the same class, in [0, 1]. Default 0.8. */
  homophily?: number;
  /** Feature dimension. Default 16. */
  featureDim?: number;
  /** Distance of each class mean from the origin, in noise standard deviations. Default 0.5. */
  signal?: number;
  generator?: Generator;
  dtype?: DType;
  device?: Device;
}

/**
 * A contextual stochastic block model with two classes: both the features and the edges carry the
 * label. Features x_i = ±signal·u + ε with u a random unit vector and ε ~ N(0, I) (a linear
 * classifier on x alone reaches at best Φ(signal)); edges are drawn one by one from a random node
 * to a node of its own class with probability `homophily`, else of the other class, then made
 * undirected without duplicates or self-loops. Labels y (int32) alternate 0, 1 by node id.
 */
export function contextualSbm(opts: CsbmOptions): Graph {
  const n = opts.numNodes;
  const avgDegree = opts.avgDegree ?? 8, h = opts.homophily ?? 0.8, d = opts.featureDim ?? 16, mu = opts.signal ?? 0.5;
  if (!(n >= 2 && h >= 0 && h <= 1)) throw new ValueError(`contextualSbm: needs numNodes ≥ 2 and homophily in [0, 1], got ${n}, ${h}`);
  const generator = opts.generator ?? getDefaultGenerator();
  const half = [Math.ceil(n / 2), Math.floor(n / 2)]; // class c holds nodes c, c + 2, c + 4, …
  const m = Math.round((n * avgDegree) / 2);
  const draws = hostRand(3 * m, generator);
  const keys = new Set<number>();
  const src: number[] = [], dst: number[] = [];
  for (let k = 0; k < m; k++) {
    const u = Math.min(n - 1, Math.floor(draws[3 * k]! * n));
    const c = draws[3 * k + 1]! < h ? u % 2 : 1 - (u % 2);
    const v = c + 2 * Math.min(half[c]! - 1, Math.floor(draws[3 * k + 2]! * half[c]!));
    if (u === v) continue;
    const key = Math.min(u, v) * n + Math.max(u, v);
    if (keys.has(key)) continue;
    keys.add(key);
    src.push(u, v);
    dst.push(v, u);
  }
  const dir = hostRandn(d, generator);
  const norm = Math.sqrt(dir.reduce((s, v) => s + v * v, 0));
  const noise = hostRandn(n * d, generator);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const sign = i % 2 === 0 ? -1 : 1;
    for (let j = 0; j < d; j++) x[i * d + j] = noise[i * d + j]! + (sign * mu * dir[j]!) / norm;
  }
  const y = Int32Array.from({ length: n }, (_, i) => i % 2);
  return new Graph({
    edgeIndex: [src, dst], numNodes: n, directed: false, name: `CSBM(n=${n}, h=${h}, signal=${mu})`,
    x: tensor(x, { shape: [n, d], dtype: opts.dtype ?? 'float32', device: opts.device }),
    y: tensor(y, { dtype: 'int32', device: opts.device }),
  });
}
