export interface ChartOptions {
  color: string;
  yMin?: number;
  yMax?: number;
  percent?: boolean;
  /** A dashed reference level across the chart (kept inside the y range). */
  baseline?: { value: number; label: string };
}

/** A small SVG line chart that grows as points arrive: one curve, its y range and the last value. */
export class LineChart {
  private readonly points: [number, number][] = [];
  private readonly path: SVGPathElement;
  private readonly label: SVGTextElement;
  /** The y range, written at the top and bottom of the axis. */
  private readonly range: SVGTextElement;
  private readonly svg: SVGSVGElement;
  private readonly baseline: SVGGElement;

  constructor(host: HTMLElement, private readonly title: string, private readonly o: ChartOptions) {
    const ns = 'http://www.w3.org/2000/svg';
    this.svg = document.createElementNS(ns, 'svg');
    this.svg.setAttribute('viewBox', '0 0 320 160');
    this.svg.setAttribute('class', 'chart');
    this.svg.innerHTML = `<rect x="40" y="10" width="270" height="120" fill="#fafafa" stroke="#ccc"/>`;
    this.path = document.createElementNS(ns, 'path');
    this.path.setAttribute('fill', 'none');
    this.path.setAttribute('stroke', o.color);
    this.path.setAttribute('stroke-width', '2');
    this.label = document.createElementNS(ns, 'text');
    this.label.setAttribute('x', '40');
    this.label.setAttribute('y', '150');
    this.label.setAttribute('font-size', '12');
    this.label.textContent = `${title}: no data yet`;
    this.baseline = document.createElementNS(ns, 'g');
    this.baseline.setAttribute('class', 'baseline');
    this.range = document.createElementNS(ns, 'text');
    this.range.setAttribute('font-size', '10');
    this.range.setAttribute('fill', '#555');
    this.svg.append(this.baseline, this.path, this.label, this.range);
    host.append(this.svg);
  }

  get length(): number {
    return this.points.length;
  }

  add(x: number, y: number): void {
    this.points.push([x, y]);
    const ys = this.points.map((p) => p[1]);
    const base = this.o.baseline ? [this.o.baseline.value] : [];
    const yMin = this.o.yMin ?? Math.min(...ys, ...base), yMax = this.o.yMax ?? Math.max(...ys, ...base, yMin + 1e-6);
    const xMax = Math.max(this.points[this.points.length - 1]![0], 1);
    const px = (v: number) => 40 + (270 * v) / xMax;
    const py = (v: number) => 130 - (120 * (v - yMin)) / (yMax - yMin || 1);
    // a single point draws as a short dash so the curve is visible from the first figure
    const pts = this.points.length === 1 ? [[0, y], [x, y]] as [number, number][] : this.points;
    this.path.setAttribute('d', pts.map(([a, b], i) => `${i ? 'L' : 'M'}${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(''));
    if (this.o.baseline) {
      const y0 = py(this.o.baseline.value).toFixed(1);
      this.baseline.innerHTML = `<line x1="40" x2="310" y1="${y0}" y2="${y0}" stroke="#555" stroke-dasharray="4 3"/>` +
        `<text x="306" y="${Number(y0) - 3}" font-size="10" text-anchor="end" fill="#555"></text>`;
      this.baseline.querySelector('text')!.textContent = `${this.o.baseline.label}: ${this.o.baseline.value.toFixed(3)}`;
    }
    const shown = this.o.percent ? `${(100 * y).toFixed(1)} %` : y.toFixed(4);
    this.label.textContent = `${this.title}: ${shown}`;
    const tick = (v: number) => (this.o.percent ? `${Math.round(100 * v)}%` : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
    this.range.innerHTML = `<tspan x="37" y="18" text-anchor="end">${tick(yMax)}</tspan><tspan x="37" y="130" text-anchor="end">${tick(yMin)}</tspan>`;
  }
}
