import { describe, it, expect } from 'vitest';
import { studyTable } from './augment-study';
import { studyPlot } from './augment-plot';

describe('augmentation study table', () => {
  it('reports mean ± 95 % CI, the gain and the paired t-test per (k, generator)', () => {
    const table = studyTable([{ k: 5, generator: 'cvae', baseline: [0.6, 0.6, 0.6, 0.6, 0.6], augmented: [0.61, 0.62, 0.61, 0.62, 0.61] }]);
    const row = table.split('\n')[2]!;
    // differences 1, 2, 1, 2, 1 points: mean 1.4, t = 5.7155 with 4 degrees of freedom, p = 0.0046
    expect(row).toBe('| 5 | cvae | 5 | 60.00 ± 0.00 | 61.40 ± 0.68 | 1.40 | 0.0046 | yes, gain |');
  });

  it('draws one bar per (k, series) with a whisker for each interval', () => {
    const svg = studyPlot([
      { k: 5, generator: 'cvae', baseline: [0.6, 0.62], augmented: [0.55, 0.56] },
      { k: 5, generator: 'cgan', baseline: [0.6, 0.62], augmented: [0.61, 0.6] },
      { k: 10, generator: 'cvae', baseline: [0.7, 0.71], augmented: [0.66, 0.69] },
      { k: 10, generator: 'cgan', baseline: [0.7, 0.71], augmented: [0.7, 0.72] },
    ]);
    expect(svg.match(/class="bar"/g)).toHaveLength(6);
    expect(svg).toContain('k = 10');
    expect(svg).toContain('+ cgan samples');
    expect(svg.startsWith('<svg') && svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});
