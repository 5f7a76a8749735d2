/** An epoch's figures: `epoch` and any named numbers (`trainLoss`, `testLoss`, `valAccuracy`, …). */
export type FigureLog = { epoch: number } & { [figure: string]: number };

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const DASHES = ['', '6 4', '2 3', '8 3 2 3'];

/** The series of the figures whose names end in `suffix` ('Loss' → trainLoss as 'train'), in first-seen order. */
function seriesOf(records: readonly FigureLog[], suffix: string, colorOffset: number, label: (prefix: string) => string): Series[] {
  const keys: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (k.endsWith(suffix) && k !== suffix && !keys.includes(k)) keys.push(k);
  return keys.map((k, i) => ({
    name: label(k.slice(0, -suffix.length)),
    color: COLORS[(i + colorOffset) % COLORS.length]!,
    dash: DASHES[i % DASHES.length]!,
    values: records.map((r) => r[k] ?? Number.NaN),
  }));
}

/**
 * Training curves as a standalone SVG: every `*Loss` figure (train, validation) on the left, every
 * `*Accuracy` figure on the right, each with axes, ticks, grid lines and a legend. Written by hand:
 * no plotting dependency, and browser-safe (the playground can show it too).
 */
export function curvesSvg(records: readonly FigureLog[], title: string, o: { lossTitle?: string; xTitle?: string } = {}): string {
  const W = 860;
  const H = 360;
  const panelW = 380;
  const top = 56;
  const plotH = 230;
  const epochs = records.map((r) => r.epoch);
  const lossSeries = seriesOf(records, 'Loss', 0, (p) => p);
  const accSeries = seriesOf(records, 'Accuracy', 2, (p) => `${p} accuracy`);
  const losses = lossSeries.flatMap((s) => s.values).filter(Number.isFinite);
  const accs = accSeries.flatMap((s) => s.values).filter(Number.isFinite);
  const left = panel({
    x: 70, y: top, w: panelW - 70, h: plotH, title: o.lossTitle ?? 'loss', xs: epochs,
    yDomain: lossDomain(losses), legend: 'top', xTitle: o.xTitle ?? 'epoch', yFormat: (v, step) => v.toFixed(decimals(step)),
    series: lossSeries,
  });
  // a run without an accuracy figure (a generative model, a regression) draws the loss alone
  const right = accSeries.length === 0 ? '' : panel({
    x: panelW + 110, y: top, w: panelW - 70, h: plotH, title: accSeries.length === 1 ? accSeries[0]!.name : 'accuracy', xs: epochs,
    yDomain: accuracyDomain(accs), legend: 'bottom', xTitle: o.xTitle ?? 'epoch', yFormat: (v, step) => `${(v * 100).toFixed(Math.max(0, decimals(step) - 2))}%`,
    series: accSeries,
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    left,
    right,
    `</svg>`,
    '',
  ].join('\n');
}

interface Series {
  name: string;
  color: string;
  dash: string;
  values: number[];
}

interface Panel {
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  xs: number[];
  yDomain: [number, number];
  yFormat: (v: number, step: number) => string;
  series: Series[];
  /** Where the legend sits, on the right: where the curves usually are not (loss falls, accuracy rises). */
  legend: 'top' | 'bottom';
  /** What the x values count (the records' `epoch` field): 'epoch' unless told. */
  xTitle: string;
}

function panel(p: Panel): string {
  const n = p.xs.length;
  // one epoch is a point in the middle of the axis rather than at its edge
  const xLo = n > 1 ? p.xs[0]! : (p.xs[0] ?? 1) - 0.5;
  const xHi = n > 1 ? p.xs[n - 1]! : (p.xs[0] ?? 1) + 0.5;
  const [yLo, yHi] = p.yDomain;
  const sx = (v: number) => p.x + ((v - xLo) / (xHi - xLo)) * p.w;
  const sy = (v: number) => p.y + p.h - ((v - yLo) / (yHi - yLo)) * p.h;
  const out: string[] = [`<g class="panel">`];
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y - 12}" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(p.title)}</text>`);

  const yt = niceTicks(yLo, yHi, 6);
  for (const v of yt.ticks) {
    const y = fmt(sy(v));
    out.push(`<line x1="${p.x}" y1="${y}" x2="${p.x + p.w}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${p.x - 5}" y1="${y}" x2="${p.x}" y2="${y}" stroke="#333"/>`);
    out.push(`<text x="${p.x - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(p.yFormat(v, yt.step))}</text>`);
  }
  const xt = epochTicks(xLo, xHi);
  for (const v of xt) {
    const x = fmt(sx(v));
    out.push(`<line x1="${x}" y1="${p.y + p.h}" x2="${x}" y2="${p.y + p.h + 5}" stroke="#333"/>`);
    out.push(`<text x="${x}" y="${p.y + p.h + 18}" text-anchor="middle">${v}</text>`);
  }
  out.push(`<line x1="${p.x}" y1="${p.y + p.h}" x2="${p.x + p.w}" y2="${p.y + p.h}" stroke="#333"/>`);
  out.push(`<line x1="${p.x}" y1="${p.y}" x2="${p.x}" y2="${p.y + p.h}" stroke="#333"/>`);
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y + p.h + 38}" text-anchor="middle">${escapeXml(p.xTitle)}</text>`);

  for (const s of p.series) {
    const pts = p.xs.map((e, i) => [e, s.values[i]!] as const).filter(([, v]) => Number.isFinite(v));
    const coords = pts.map(([e, v]) => `${fmt(sx(e))},${fmt(sy(v))}`);
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    if (coords.length > 1) out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${coords.join(' ')}"/>`);
    for (const c of coords) {
      const [cx, cy] = c.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.color}"/>`);
    }
  }

  const lw = 14 + 8 + Math.max(0, ...p.series.map((s) => s.name.length)) * 7 + 12;
  const lh = p.series.length * 18 + 8;
  const lx = p.x + p.w - lw - 6;
  const ly = p.legend === 'top' ? p.y + 6 : p.y + p.h - lh - 6;
  out.push(`<g class="legend"><rect x="${lx}" y="${ly}" width="${lw}" height="${lh}" fill="#ffffff" fill-opacity="0.85" stroke="#bbb"/>`);
  p.series.forEach((s, i) => {
    const y = ly + 14 + i * 18;
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(`<line x1="${lx + 6}" y1="${y}" x2="${lx + 26}" y2="${y}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 32}" y="${y}" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
  });
  out.push(`</g>`, `</g>`);
  return out.join('\n');
}

/** Accuracy axis: the data's range padded to multiples of 5%, at least 10% tall, inside [0, 1]. */
function accuracyDomain(accs: number[]): [number, number] {
  if (!accs.length) return [0, 1];
  // in twentieths, so the float steps (0.05 is inexact) cannot push a point off the axis
  let lo = Math.max(0, Math.floor((Math.min(...accs) - 0.02) * 20));
  let hi = Math.min(20, Math.ceil((Math.max(...accs) + 0.02) * 20));
  while (hi - lo < 2) {
    if (hi < 20) hi++;
    else lo--;
  }
  return [lo / 20, hi / 20];
}

/** Loss axis: from 0 up to the first nice tick above the largest loss. */
function lossDomain(losses: number[]): [number, number] {
  const max = losses.length ? Math.max(...losses) : 0;
  if (!(max > 0)) return [0, 1];
  const { step } = niceTicks(0, max, 6);
  return [0, Math.ceil(max / step - 1e-9) * step];
}

/** Ticks at 1, 2 or 5 × 10^k, about `count` of them, covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): { ticks: number[]; step: number } {
  const raw = (hi - lo) / Math.max(1, count - 1);
  if (!(raw > 0) || !Number.isFinite(raw)) return { ticks: [lo], step: 1 };
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(12)));
  return { ticks, step };
}

/** Whole epochs, thinned to at most ~10 labels. */
function epochTicks(lo: number, hi: number): number[] {
  const first = Math.ceil(lo);
  const last = Math.floor(hi);
  const every = Math.max(1, niceTicks(first, last, 10).step);
  const out: number[] = [];
  for (let v = first; v <= last; v += Math.max(1, Math.round(every))) out.push(v);
  return out;
}

const decimals = (step: number): number => Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
const fmt = (v: number): string => String(Math.round(v * 10) / 10);

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
