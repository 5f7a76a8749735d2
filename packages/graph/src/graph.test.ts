import { describe, it, expect } from 'vitest';
import { ShapeError, ValueError, tensor, zeros } from '@dnn/tensor';
import { Graph } from './graph';
import { batchGraphs, unbatch } from './batch';
import { gcnNorm } from './norm';

const triangle = () => new Graph({ edgeIndex: [[0, 1, 2], [1, 2, 0]], name: 'triangle' });

describe('Graph: hostile input gives typed errors naming the graph and the edge', () => {
  it('index out of range', () => {
    expect(() => new Graph({ edgeIndex: [[0, 1, 2], [1, 7, 0]], numNodes: 3, name: 'g' }))
      .toThrow(new ValueError('Graph "g": edge 1 has target index 7, outside [0, 3) for 3 nodes'));
  });
  it('negative index', () => {
    expect(() => new Graph({ edgeIndex: [[0, -2], [1, 0]], name: 'g' })).toThrow(/Graph "g": edge 1 has negative source index -2/);
  });
  it('non-integer index, also from a float tensor', () => {
    expect(() => new Graph({ edgeIndex: [[0, 1.5], [1, 0]], name: 'g' })).toThrow(/edge 1 has source index 1.5, not an integer/);
    expect(() => new Graph({ edgeIndex: tensor([[0, 1], [1, 0.25]], { dtype: 'float64' }), name: 'g' })).toThrow(/edge 1 has target index 0.25/);
    expect(() => new Graph({ edgeIndex: [[0, NaN], [1, 0]] })).toThrow(ValueError);
  });
  it('edge index of the wrong shape', () => {
    expect(() => new Graph({ edgeIndex: zeros([3, 2], { dtype: 'int32' }), name: 'g' })).toThrow(ShapeError);
    expect(() => new Graph({ edgeIndex: [[0, 1], [1]], name: 'g' })).toThrow(/2 sources but 1 targets/);
  });
  it('Graph.fromAsync reads a tensor edge index and validates it the same way', async () => {
    const g = await Graph.fromAsync({ edgeIndex: tensor([[0, 1], [1, 2]], { dtype: 'int32' }), name: 'async' });
    expect([...g.dst]).toEqual([1, 2]);
    await expect(Graph.fromAsync({ edgeIndex: tensor([[0, 1], [1, -1]], { dtype: 'int32' }), name: 'async' })).rejects.toThrow(/edge 1 has negative target index -1/);
  });
  it('feature rows that do not match the node count', () => {
    expect(() => new Graph({ edgeIndex: [[0], [1]], numNodes: 3, x: zeros([4, 2]), name: 'g' }))
      .toThrow(new ShapeError('Graph "g": x has shape [4,2], expected 3 rows (one per node)'));
    expect(() => new Graph({ edgeIndex: [[0], [1]], edgeAttr: zeros([2, 1]), name: 'g' })).toThrow(/edgeAttr has shape \[2,1\], expected 1 rows/);
  });
  it('x decides the node count, so an index beyond its rows is refused', () => {
    expect(() => new Graph({ edgeIndex: [[0], [3]], x: zeros([3, 1]), name: 'g' })).toThrow(/edge 0 has target index 3, outside \[0, 3\)/);
  });
  it('a batch vector out of order', () => {
    expect(() => new Graph({ edgeIndex: [[0], [1]], batch: [1, 0], name: 'g' })).toThrow(/batch\[1\] = 0/);
  });
});

describe('Graph structure', () => {
  it('edge index tensor, degrees, CSR view grouped by target', () => {
    const g = new Graph({ edgeIndex: [[0, 2, 1, 0], [1, 1, 2, 2]], numNodes: 4 });
    expect(g.edgeIndex().arraySync()).toEqual([[0, 2, 1, 0], [1, 1, 2, 2]]);
    expect(g.edgeIndex().dtype).toBe('int32');
    expect([...g.degree('in')]).toEqual([0, 2, 2, 0]);
    expect([...g.degree('out')]).toEqual([2, 1, 1, 0]);
    const csr = g.csr();
    expect([...csr.rowptr]).toEqual([0, 0, 2, 4, 4]);
    expect([...csr.perm]).toEqual([0, 1, 2, 3]);
    expect([...csr.col]).toEqual([0, 2, 1, 0]);
    expect(g.csr()).toBe(csr); // built once
  });
  it('self-loops: add replaces existing ones, remove drops them, edge features follow', () => {
    const g = new Graph({ edgeIndex: [[0, 1, 1], [1, 1, 2]], numNodes: 3, edgeAttr: tensor([[5], [6], [7]]) });
    const looped = g.addSelfLoops();
    expect([...looped.src]).toEqual([0, 1, 0, 1, 2]);
    expect([...looped.dst]).toEqual([1, 2, 0, 1, 2]);
    expect(looped.edgeAttr!.arraySync()).toEqual([[5], [7], [1], [1], [1]]);
    expect(g.hasSelfLoops()).toBe(true);
    expect(g.removeSelfLoops().hasSelfLoops()).toBe(false);
  });
  it('toUndirected adds the missing reverse edges once', () => {
    const g = triangle().toUndirected();
    expect(g.numEdges).toBe(6);
    expect(g.isUndirected()).toBe(true);
    expect(triangle().isUndirected()).toBe(false);
    expect(g.directed).toBe(false);
  });
  it('gcnNorm is D^-1/2 (A + I) D^-1/2 per edge (path 0 - 1 - 2, closed form)', () => {
    const g = new Graph({ edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
    const { graph, weight } = gcnNorm(g);
    // degrees with loops: 2, 3, 2
    const expected = [1 / Math.sqrt(6), 1 / Math.sqrt(6), 1 / Math.sqrt(6), 1 / Math.sqrt(6), 1 / 2, 1 / 3, 1 / 2];
    expect([...graph.src]).toEqual([0, 1, 1, 2, 0, 1, 2]);
    weight.forEach((w, i) => expect(w).toBeCloseTo(expected[i]!, 15));
  });
  it('improved gcnNorm: added loops weigh 2, a loop already there keeps weight 1 (PyG add_remaining_self_loops)', () => {
    const g = new Graph({ edgeIndex: [[0, 1, 1], [1, 0, 1]] }); // node 1 has a loop
    const { graph, weight } = gcnNorm(g, { improved: true });
    expect([...graph.src]).toEqual([0, 1, 0, 1]);
    // degrees: node 0: 1 (from 1) + 2 (loop) = 3; node 1: 1 (from 0) + 1 (kept loop) = 2
    const expected = [1 / Math.sqrt(6), 1 / Math.sqrt(6), 2 / 3, 1 / 2];
    weight.forEach((w, i) => expect(w).toBeCloseTo(expected[i]!, 15));
  });
  it('subgraph renumbers nodes, keeps inner edges and slices x', () => {
    const g = new Graph({ edgeIndex: [[0, 1, 2, 3], [1, 2, 3, 0]], x: tensor([[0], [10], [20], [30]]) });
    const s = g.subgraph([3, 0, 1]);
    expect(s.numNodes).toBe(3);
    expect([...s.src]).toEqual([1, 0]);
    expect([...s.dst]).toEqual([2, 1]);
    expect(s.x!.arraySync()).toEqual([[30], [0], [10]]);
    expect(g.subgraph([true, false, true, true]).numEdges).toBe(2);
    expect(() => g.subgraph([0, 0])).toThrow(/listed twice/);
  });
  it('batching shifts node ids, concatenates features, and unbatching restores the graphs', () => {
    const a = new Graph({ edgeIndex: [[0, 1], [1, 2]], x: tensor([[1], [2], [3]]), name: 'a' });
    const b = new Graph({ edgeIndex: [[1], [0]], x: tensor([[4], [5]]), name: 'b' });
    const batch = batchGraphs([a, b]);
    expect([...batch.src]).toEqual([0, 1, 4]);
    expect([...batch.dst]).toEqual([1, 2, 3]);
    expect([...batch.batch!]).toEqual([0, 0, 0, 1, 1]);
    expect(batch.numGraphs).toBe(2);
    const [a2, b2] = unbatch(batch);
    expect([...b2!.src]).toEqual([1]);
    expect([...b2!.dst]).toEqual([0]);
    expect(a2!.x!.arraySync()).toEqual([[1], [2], [3]]);
    expect(unbatch(batchGraphs([a, b, a])).map((g) => g.numNodes)).toEqual([3, 2, 3]);
    const crossing = new Graph({ edgeIndex: [[0], [3]], numNodes: 4, batch: [0, 0, 1, 1], name: 'bad batch' });
    expect(() => unbatch(crossing)).toThrow(/edge 0 of "bad batch" joins graphs 0 and 1/);
    expect(b2!.x!.arraySync()).toEqual([[4], [5]]);
    expect(a2!.numEdges).toBe(2);
    expect(() => batchGraphs([a, new Graph({ edgeIndex: [[0], [1]] })])).toThrow(/graph 1 .* has no x while others do/);
  });
});
