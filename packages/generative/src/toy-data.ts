import { type Tensor, type Generator, type DType, rand, randn, concat, stack, ValueError } from '@dnn/tensor';

export interface ToyDataOptions {
  generator?: Generator;
  dtype?: DType;
  /** Standard deviation of the Gaussian noise added to every point (default 0.1). */
  noise?: number;
}

/**
 * Two interleaved half circles in the plane, n points [n, 2], half on each:
 * (cos θ, sin θ) and (1 − cos θ, 0.5 − sin θ) for θ ~ U[0, π], plus Gaussian noise.
 */
export function twoMoons(n: number, opts: ToyDataOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 2) throw new ValueError(`twoMoons: n must be an integer ≥ 2, got ${n}`);
  const o = { generator: opts.generator, dtype: opts.dtype ?? 'float32' };
  const half = Math.floor(n / 2);
  const theta = rand([n], o).mul(Math.PI);
  const [t1, t2] = theta.split([half, n - half]) as [Tensor, Tensor];
  const upper = stack([t1.cos(), t1.sin()], 1);
  const lower = stack([t2.cos().rsub(1), t2.sin().rsub(0.5)], 1);
  return concat([upper, lower], 0).add(randn([n, 2], o).mul(opts.noise ?? 0.1));
}

/**
 * Points on a ring of radius `radius` (default 1) around the origin with Gaussian radial noise, [n, 2].
 */
export function ring(n: number, opts: ToyDataOptions & { radius?: number } = {}): Tensor {
  const o = { generator: opts.generator, dtype: opts.dtype ?? 'float32' };
  const theta = rand([n], o).mul(2 * Math.PI);
  const r = randn([n], o).mul(opts.noise ?? 0.1).add(opts.radius ?? 1);
  return stack([theta.cos().mul(r), theta.sin().mul(r)], 1);
}
