/** Colours of the classes, in order (colour-blind safe). */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A scatter plot of 2-D node embeddings as a standalone SVG, one colour per class and each point
 * labelled with its node id (the karate club's learned embedding).
 */
export function embeddingSvg(points: readonly (readonly number[])[], labels: readonly number[], opts: { title?: string; classNames?: readonly string[]; size?: number } = {}): string {
  const size = opts.size ?? 480, pad = 40;
  const xs = points.map((p) => p[0]!), ys = points.map((p) => p[1]!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (size - 2 * pad);
  const sy = (v: number) => size - pad - ((v - y0) / (y1 - y0 || 1)) * (size - 2 * pad);
  const dots = points.map((p, i) => {
    const [cx, cy] = [sx(p[0]!).toFixed(1), sy(p[1]!).toFixed(1)];
    const fill = PALETTE[labels[i]! % PALETTE.length];
    return `<circle cx="${cx}" cy="${cy}" r="6" fill="${fill}" fill-opacity="0.8"/><text x="${cx}" y="${(Number(cy) - 8).toFixed(1)}" font-size="9" text-anchor="middle">${i}</text>`;
  });
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const legend = classes.map((c, k) =>
    `<circle cx="${pad + 6}" cy="${pad / 2 + 14 * k}" r="5" fill="${PALETTE[c % PALETTE.length]}"/><text x="${pad + 16}" y="${pad / 2 + 14 * k + 4}" font-size="11">${esc(opts.classNames?.[c] ?? `class ${c}`)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 20}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    opts.title ? `<text x="${size / 2}" y="${size + 12}" font-size="13" text-anchor="middle">${esc(opts.title)}</text>` : '',
    ...legend, ...dots, '</svg>', '',
  ].join('\n');
}
