import { Generator, rand, randn, tidy } from '@dnn/tensor';

/** Draws from dnn's counter-based generator, copied to the host (the tensors are freed). */
export function hostRand(size: number, generator: Generator): Float64Array {
  return tidy(() => Float64Array.from(rand([size], { dtype: 'float64', generator }).dataSync()));
}

export function hostRandn(size: number, generator: Generator): Float64Array {
  return tidy(() => Float64Array.from(randn([size], { dtype: 'float64', generator }).dataSync()));
}
