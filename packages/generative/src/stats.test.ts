import { describe, it, expect } from 'vitest';
import { studentQuantile, studentTwoSidedP, summarize, pairedTTest, incompleteBeta } from './index';

describe('statistics for repeated runs', () => {
  it('Student-t quantiles and p-values match the tables', () => {
    // two-sided 95 % critical values: df 4 → 2.776445, df 9 → 2.262157, df 30 → 2.042272
    expect(studentQuantile(0.95, 4)).toBeCloseTo(2.776445, 5);
    expect(studentQuantile(0.95, 9)).toBeCloseTo(2.262157, 5);
    expect(studentQuantile(0.95, 30)).toBeCloseTo(2.042272, 5);
    // df 1 is Cauchy: P(|T| ≥ 1) = 1/2 exactly
    expect(studentTwoSidedP(1, 1)).toBeCloseTo(0.5, 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
  });

  it('summary and paired t-test on a worked example', () => {
    const s = summarize([1, 2, 3, 4, 5]);
    expect(s.mean).toBe(3);
    expect(s.std).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.halfWidth).toBeCloseTo((2.776445 * Math.sqrt(2.5)) / Math.sqrt(5), 5);
    // differences 1, 2, 1, 2, 1: mean 1.4, s = 0.5477, t = 5.7155, p = 0.0046358 (scipy.stats.t)
    const r = pairedTTest([10, 10, 10, 10, 10], [11, 12, 11, 12, 11]);
    expect(r.t).toBeCloseTo(5.715476, 5);
    expect(r.p).toBeCloseTo(0.0046358, 6);
    expect(pairedTTest([1], [2]).p).toBeNaN();
  });
});
