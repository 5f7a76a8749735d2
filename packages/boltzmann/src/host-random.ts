import { cpu, rand, getDefaultGenerator, type Generator } from '@dnn/tensor';

/**
 * n uniforms in [0, 1) from the counter-based generator, as a host array: the fully connected
 * machine updates one unit at a time, a serial walk that runs on the host, but its draws come from
 * the same stream as every tensor op, so a seed fixes them.
 */
export function hostUniforms(n: number, generator: Generator = getDefaultGenerator()): Float64Array {
  const t = rand([n], { generator, dtype: 'float64', device: cpu() });
  const out = Float64Array.from(t.dataSync() as Float64Array);
  t.dispose();
  return out;
}
