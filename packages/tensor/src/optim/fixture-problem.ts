import { Parameter } from '../nn/parameter';
import { mseLoss } from '../nn/losses';
import type { Tensor } from '../tensor';
import { fromSpec, readFixture, type TensorSpec } from '../testing/golden';
import { SGD, Adam, AdamW, RMSprop, Adagrad, type Optimizer, type OptimizerOptions } from './index';

/** Test support: the committed optimizer goldens (tooling/fixtures/gen_optim.py) and the small problem they were made on. */
export interface OptimFixture {
  problem: { params: Record<string, TensorSpec>; order: string[]; x: TensorSpec; y: TensorSpec };
  optimizers: {
    name: keyof typeof OPTIMIZERS;
    opts: Record<string, unknown>;
    groups: (Record<string, unknown> & { params: string[] })[] | null;
    steps: number[][][];
  }[];
  schedulers: { name: string; opts: Record<string, unknown>; metrics?: number[]; lrs: number[][] }[];
  clip: { grads: TensorSpec[]; cases: { normType: number | 'inf'; maxNorm: number; total: number; clipped: TensorSpec[] }[] };
}

export const fixture = readFixture<OptimFixture>('optim.json');

export const OPTIMIZERS = { SGD, Adam, AdamW, RMSprop, Adagrad } as const;

export type Params = Record<string, Parameter>;

/** Fresh float64 parameters, from the fixture's initial values or from given flat arrays. */
export function makeParams(values?: number[][]): Params {
  const { params, order } = fixture.problem;
  return Object.fromEntries(order.map((k, i) => {
    const spec = values ? { ...params[k]!, data: values[i]! } : params[k]!;
    return [k, Parameter.from(fromSpec(spec))];
  }));
}

/** A 4→5→3 tanh MLP on the fixed batch, with MSE loss. */
export function loss(p: Params): Tensor {
  const { x, y } = fixture.problem;
  const h = fromSpec(x).matmul(p.w1!.mT()).add(p.b1!).tanh();
  return mseLoss(h.matmul(p.w2!.mT()).add(p.b2!), fromSpec(y));
}

export function makeOptimizer(c: OptimFixture['optimizers'][number], p: Params): Optimizer<OptimizerOptions> {
  const Ctor = OPTIMIZERS[c.name] as unknown as new (params: unknown, opts: unknown) => Optimizer<OptimizerOptions>;
  const groups = c.groups?.map(({ params, ...rest }) => ({ ...rest, params: params.map((k) => p[k]!) }));
  return new Ctor(groups ?? Object.values(p), c.opts);
}

export function describeConfig(c: OptimFixture['optimizers'][number]): string {
  return `${c.name} ${JSON.stringify(c.opts)}${c.groups ? ` groups ${JSON.stringify(c.groups.map(({ params: _, ...g }) => g))}` : ''}`;
}
