import { describe, it, expect } from 'vitest';
import { fromGraphology, fromNodeLink, parseEdgeList, type NodeLinkData } from './io';
import { KARATE_CLUB } from './datasets/karate-data';

describe('loaders', () => {
  it('edge list with a header, weights and string ids (undirected by default)', () => {
    const { graph, nodes } = parseEdgeList('source,target,weight\nalice,bob,2\n# a comment\nbob,carol,0.5\n');
    expect(nodes).toEqual(['alice', 'bob', 'carol']);
    expect([...graph.src]).toEqual([0, 1, 1, 2]);
    expect([...graph.dst]).toEqual([1, 0, 2, 1]);
    expect(graph.edgeAttr!.arraySync()).toEqual([[2], [2], [0.5], [0.5]]);
  });
  it('whitespace edge list with integer ids used as indices, directed', () => {
    const { graph } = parseEdgeList('0 3\n3 1\n', { directed: true, numNodes: 5 });
    expect(graph.numNodes).toBe(5);
    expect(graph.edgeIndex().arraySync()).toEqual([[0, 3], [3, 1]]);
  });
  it('a malformed line is named', () => {
    expect(() => parseEdgeList('0 1\n2\n', { name: 'edges.txt' })).toThrow(/edges.txt: line 2 has 1 field/);
    expect(() => parseEdgeList('0 1 heavy\n')).toThrow(/line 1 has weight "heavy"/);
  });
  it("networkx node-link JSON: Zachary's karate club", () => {
    const { graph, classes } = fromNodeLink(KARATE_CLUB, { label: 'club', name: 'karate' });
    expect(graph.numNodes).toBe(34);
    expect(graph.numEdges).toBe(2 * 78);
    expect(graph.isUndirected()).toBe(true);
    expect(classes).toEqual(['Mr. Hi', 'Officer']);
    const y = graph.y!.arraySync() as number[];
    expect([y[0], y[33]]).toEqual([0, 1]);
    expect(y.filter((c) => c === 0)).toHaveLength(17);
  });
  it('node-link features and a dangling edge', () => {
    const data: NodeLinkData = { directed: true, nodes: [{ id: 'a', f: [1, 2], g: 3 }, { id: 'b', f: [4, 5], g: 6 }], links: [{ source: 'a', target: 'b' }] };
    const { graph } = fromNodeLink(data, { features: ['f', 'g'] });
    expect(graph.x!.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(graph.numEdges).toBe(1);
    expect(() => fromNodeLink({ ...data, links: [{ source: 'a', target: 'z' }] }, { name: 'bad' }))
      .toThrow(/bad: edge 0 refers to node "z", which is not in the node list/);
  });
  it('graphology serialized JSON, mixed edges', () => {
    const { graph, nodes } = fromGraphology({
      options: { type: 'mixed' },
      nodes: [{ key: 'x' }, { key: 'y' }, { key: 'z' }],
      edges: [{ source: 'x', target: 'y' }, { source: 'y', target: 'z', undirected: true }],
    });
    expect(nodes).toEqual(['x', 'y', 'z']);
    expect(graph.edgeIndex().arraySync()).toEqual([[0, 1, 2], [1, 2, 1]]);
  });
});
