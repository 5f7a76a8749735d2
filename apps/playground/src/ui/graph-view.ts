const CLASS_COLORS = ['#2471a3', '#e67e22'];
const SIZE = 360, MARGIN = 18;

/**
 * A force-directed layout (Fruchterman–Reingold: every pair repels, every edge attracts, with a
 * cooling step), deterministic: nodes start on a circle. Positions in [0, 1]².
 */
export function springLayout(n: number, src: ArrayLike<number>, dst: ArrayLike<number>, iterations = 300): [number, number][] {
  const pos = Array.from({ length: n }, (_, i) => [0.5 + 0.4 * Math.cos((2 * Math.PI * i) / n), 0.5 + 0.4 * Math.sin((2 * Math.PI * i) / n)] as [number, number]);
  const k = Math.sqrt(1 / n);
  for (let it = 0; it < iterations; it++) {
    const move = pos.map(() => [0, 0]);
    const push = (i: number, j: number, f: number) => {
      const dx = pos[i]![0] - pos[j]![0], dy = pos[i]![1] - pos[j]![1], d = Math.hypot(dx, dy) || 1e-6;
      move[i]![0] += (dx / d) * f; move[i]![1] += (dy / d) * f;
    };
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) push(i, j, (k * k) / (Math.hypot(pos[i]![0] - pos[j]![0], pos[i]![1] - pos[j]![1]) || 1e-6));
    for (let e = 0; e < src.length; e++) {
      const a = src[e]!, b = dst[e]!, d = Math.hypot(pos[a]![0] - pos[b]![0], pos[a]![1] - pos[b]![1]);
      push(a, b, -(d * d) / k);
    }
    const temperature = 0.1 * (1 - it / iterations);
    pos.forEach((p, i) => {
      const m = move[i]!, len = Math.hypot(m[0]!, m[1]!) || 1e-6, step = Math.min(len, temperature);
      p[0] += (m[0]! / len) * step; p[1] += (m[1]! / len) * step;
    });
  }
  const xs = pos.map((p) => p[0]), ys = pos.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return pos.map(([x, y]) => [(x - x0) / (x1 - x0 || 1), (y - y0) / (y1 - y0 || 1)]);
}

let cached: { key: string; layout: [number, number][] } | undefined;

/** The graph as SVG: members coloured by predicted class, labelled ones outlined in black, wrong ones ringed in red. */
export function drawKarate(host: HTMLElement, g: { src: ArrayLike<number>; dst: ArrayLike<number>; predicted: number[]; truth: number[]; labelled: number[] }): void {
  const n = g.predicted.length, key = `${n}:${Array.from(g.src).join(',')}`;
  if (cached?.key !== key) cached = { key, layout: springLayout(n, g.src, g.dst) };
  const at = (i: number) => cached!.layout[i]!.map((v) => (MARGIN + v * (SIZE - 2 * MARGIN)).toFixed(1));
  const edges: string[] = [];
  for (let e = 0; e < g.src.length; e++) {
    if (g.src[e]! >= g.dst[e]!) continue; // each undirected edge once
    const [x1, y1] = at(g.src[e]!), [x2, y2] = at(g.dst[e]!);
    edges.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`);
  }
  const nodes = g.predicted.map((c, i) => {
    const [x, y] = at(i), wrong = c !== g.truth[i], given = g.labelled.includes(i);
    const ring = given ? ' stroke="#000" stroke-width="3"' : wrong ? ' stroke="#c0392b" stroke-width="3"' : ' stroke="#fff" stroke-width="1"';
    return `<g class="node${wrong ? ' wrong' : ''}" data-class="${c}"><circle cx="${x}" cy="${y}" r="9" fill="${CLASS_COLORS[c] ?? '#999'}"${ring}/>` +
      `<text x="${x}" y="${Number(y) + 3.5}" text-anchor="middle" font-size="9" fill="#fff">${i}</text></g>`;
  });
  const wrong = g.predicted.filter((c, i) => c !== g.truth[i]).length;
  host.innerHTML = `<svg class="graph" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}"><g stroke="#bbb">${edges.join('')}</g>${nodes.join('')}</svg>` +
    `<p class="muted">blue: Mr. Hi's club (the instructor, 0); orange: the officers' club (the administrator, 33); black outline: given labels; ${wrong} of ${n} members predicted wrongly (red ring).</p>`;
}
