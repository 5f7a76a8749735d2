import { describe, it, expect } from 'vitest';
import { embeddingSvg } from './embedding-svg';

describe('embeddingSvg', () => {
  it('one circle per node, coloured by class, with a legend and escaped names', () => {
    const svg = embeddingSvg([[0, 0], [1, 2], [2, 1]], [0, 1, 1], { title: 'A & B', classNames: ['Mr. Hi', 'Officer'] });
    expect(svg.match(/<circle /g)).toHaveLength(3 + 2);
    expect(svg.match(/fill="#e69f00"/g)).toHaveLength(2 + 1);
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('Officer');
    // extremes land on the padded corners
    expect(svg).toContain('cx="40.0" cy="440.0"');
    expect(svg).toContain('cx="240.0" cy="40.0"');
    expect(svg).toContain('cx="440.0" cy="240.0"');
  });
});
