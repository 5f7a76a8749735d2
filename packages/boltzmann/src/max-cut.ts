import { ValueError } from '@dnn/tensor';
import type { MachineArrays } from './machine-arrays';

/** An undirected weighted edge [i, j, weight]. */
export type Edge = readonly [number, number, number];

/**
 * The machine whose energy is minus the cut: E(s) = −Σ_{(i,j)} wᵢⱼ·[sᵢ ≠ sⱼ], from
 * [sᵢ ≠ sⱼ] = sᵢ + sⱼ − 2sᵢsⱼ: Wᵢⱼ = −2wᵢⱼ and θᵢ = Σⱼ wᵢⱼ (the weighted degree).
 * The minimum-energy state is a maximum cut.
 */
export function maxCutMachine(nodes: number, edges: readonly Edge[]): MachineArrays {
  const w = new Float64Array(nodes * nodes);
  const theta = new Float64Array(nodes);
  for (const [i, j, wij] of edges) {
    if (i === j || i < 0 || j < 0 || i >= nodes || j >= nodes) throw new ValueError(`maxCutMachine: edge [${i}, ${j}] is not between two distinct nodes of ${nodes}`);
    w[i * nodes + j] -= 2 * wij;
    w[j * nodes + i] -= 2 * wij;
    theta[i] += wij;
    theta[j] += wij;
  }
  return { n: nodes, w, theta };
}

/** Total weight of the edges whose ends lie on different sides of the 0/1 partition. */
export function cutValue(edges: readonly Edge[], side: ArrayLike<number>): number {
  let cut = 0;
  for (const [i, j, w] of edges) if (side[i] !== side[j]) cut += w;
  return cut;
}
