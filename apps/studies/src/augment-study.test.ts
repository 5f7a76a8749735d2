import { describe, it, expect } from 'vitest';
import { studyTable } from './augment-study';

describe('augmentation study table', () => {
  it('reports mean ± 95 % CI, the gain and the paired t-test per (k, generator)', () => {
    const table = studyTable([{ k: 5, generator: 'cvae', baseline: [0.6, 0.6, 0.6, 0.6, 0.6], augmented: [0.61, 0.62, 0.61, 0.62, 0.61] }]);
    const row = table.split('\n')[2]!;
    // differences 1, 2, 1, 2, 1 points: mean 1.4, t = 5.7155 with 4 degrees of freedom, p = 0.0046
    expect(row).toBe('| 5 | cvae | 5 | 60.00 ± 0.00 | 61.40 ± 0.68 | 1.40 | 0.0046 | yes, gain |');
  });
});
