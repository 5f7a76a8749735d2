import { summarize } from '@dnn/generative';
import type { StudyRow } from './augment-study';

/**
 * The study as an SVG chart: for each k, the baseline accuracy and each generator's augmented accuracy
 * as bars (mean over seeds) with 95 % confidence intervals as whiskers.
 */
export function studyPlot(rows: readonly StudyRow[]): string {
  const ks = [...new Set(rows.map((r) => r.k))];
  const generators = [...new Set(rows.map((r) => r.generator))];
  const series = ['baseline', ...generators];
  const colors = ['#888888', '#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
  const bars: { k: number; series: number; mean: number; half: number }[] = [];
  for (const k of ks) {
    const first = rows.find((r) => r.k === k)!;
    const b = summarize(first.baseline);
    bars.push({ k, series: 0, mean: b.mean, half: b.halfWidth });
    generators.forEach((g, i) => {
      const r = rows.find((x) => x.k === k && x.generator === g);
      if (r) { const a = summarize(r.augmented); bars.push({ k, series: i + 1, mean: a.mean, half: a.halfWidth }); }
    });
  }
  const [W, H, left, top, bottom] = [120 + ks.length * (series.length * 28 + 40), 320, 60, 30, 50];
  const values = bars.flatMap((b) => [b.mean - (b.half || 0), b.mean + (b.half || 0)]);
  const lo = Math.max(0, Math.floor(Math.min(...values) * 10) / 10), hi = Math.min(1, Math.ceil(Math.max(...values) * 10) / 10);
  const y = (v: number) => top + (H - top - bottom) * (1 - (v - lo) / (hi - lo || 1));
  const parts: string[] = [];
  for (let t = lo; t <= hi + 1e-9; t += 0.1) {
    parts.push(`<line x1="${left}" x2="${W - 20}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${(100 * t).toFixed(0)}%</text>`);
  }
  ks.forEach((k, i) => {
    const x0 = left + 20 + i * (series.length * 28 + 40);
    parts.push(`<text x="${x0 + (series.length * 28) / 2}" y="${H - bottom + 18}" text-anchor="middle" font-size="12">k = ${k}</text>`);
    for (const b of bars.filter((bb) => bb.k === k)) {
      const x = x0 + b.series * 28;
      parts.push(`<rect class="bar" x="${x}" y="${y(b.mean).toFixed(1)}" width="22" height="${(y(lo) - y(b.mean)).toFixed(1)}" fill="${colors[b.series % colors.length]}"/>`);
      if (b.half > 0) parts.push(`<line x1="${x + 11}" x2="${x + 11}" y1="${y(b.mean - b.half).toFixed(1)}" y2="${y(b.mean + b.half).toFixed(1)}" stroke="#000"/>`);
    }
  });
  series.forEach((s, i) => parts.push(
    `<rect x="${left + i * 110}" y="${H - 18}" width="10" height="10" fill="${colors[i % colors.length]}"/>`,
    `<text x="${left + i * 110 + 14}" y="${H - 9}" font-size="11">${s === 'baseline' ? 'real only' : `+ ${s} samples`}</text>`));
  parts.push(`<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">Few-shot Fashion-MNIST: test accuracy (mean, 95 % CI over seeds)</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}
