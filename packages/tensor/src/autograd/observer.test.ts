import { describe, expect, it } from 'vitest';
import { traceOps } from './observer';
import { tensor } from '../ops/creation';
import { softmax } from '../ops/reduce';
import type { Primitive } from '../primitives/params';

describe('traceOps', () => {
  it('reports each outermost primitive with its inputs and outputs, and nothing once it returns', () => {
    const seen: [Primitive, number, number][] = [];
    const x = tensor([[1, 2], [3, 4]]);
    const y = traceOps((prim, ins, _p, outs) => seen.push([prim, ins.length, outs.length]), () => softmax(x.add(1).relu(), 1));
    expect(seen).toEqual([['add', 2, 1], ['relu', 1, 1], ['softmax', 1, 1]]);
    expect(y.shape).toEqual([2, 2]);
    x.mul(2);
    expect(seen).toHaveLength(3);
  });
});
