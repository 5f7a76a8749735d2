import { ShapeError, fmtShape, getDefaultGenerator, rand, randn, type Generator, type Tensor } from '@dnn/tensor';

/**
 * Where a sampler's random numbers come from. The default reads the counter-based generator; tests
 * inject fixed draws (`queuedDraws`) to compare a sampler step for step with another implementation.
 */
export interface Draws {
  /** Uniforms in [0, 1) of `shape`, on the device and in the dtype of `like`. */
  uniform(shape: readonly number[], like: Tensor): Tensor;
  /** Standard normals of `shape`, on the device and in the dtype of `like`. */
  normal(shape: readonly number[], like: Tensor): Tensor;
}

export function generatorDraws(generator: Generator = getDefaultGenerator()): Draws {
  return {
    uniform: (shape, like) => rand(shape, { generator, dtype: like.dtype, device: like.device }),
    normal: (shape, like) => randn(shape, { generator, dtype: like.dtype, device: like.device }),
  };
}

/** Hands out the given tensors in order (uniform and normal draws alike), checking each shape. */
export function queuedDraws(tensors: readonly Tensor[]): Draws & { remaining(): number } {
  let next = 0;
  const take = (shape: readonly number[]): Tensor => {
    const t = tensors[next++];
    if (!t) throw new ShapeError(`queuedDraws: draw ${next} of shape ${fmtShape(shape)} requested but only ${tensors.length} were given`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`queuedDraws: draw ${next} expected ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
    }
    return t;
  };
  return { uniform: take, normal: take, remaining: () => tensors.length - next };
}

/** 1 where u < p, else 0 (in p's dtype): a Bernoulli draw from one uniform per probability. */
export function bernoulliFrom(p: Tensor, draws: Draws): Tensor {
  return draws.uniform(p.shape, p).lt(p).cast(p.dtype);
}
