import { readFileSync } from 'node:fs';
import { tensor, type Tensor } from '@dnn/tensor';

interface Split { pixels: number[]; labels: number[] }

/**
 * scikit-learn's 8×8 digits (UCI, CC BY 4.0; see fixtures/README.md), pixels scaled to [0, 1] by /16,
 * as float tensors [N, 64] and int32 labels [N]. Test helper: reads the committed fixture.
 */
export function loadDigits(dtype: 'float32' | 'float64' = 'float32'): { xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor } {
  const raw = JSON.parse(readFileSync(new URL('../fixtures/digits.json', import.meta.url), 'utf8')) as { train: Split; test: Split };
  const x = (s: Split): Tensor => tensor(Float64Array.from(s.pixels, (p) => p / 16), { shape: [s.labels.length, 64], dtype });
  const y = (s: Split): Tensor => tensor(Int32Array.from(s.labels), { dtype: 'int32' });
  return { xTrain: x(raw.train), yTrain: y(raw.train), xTest: x(raw.test), yTest: y(raw.test) };
}
