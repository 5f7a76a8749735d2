/** A small SVG line chart that grows as points arrive: one curve, its axes' ranges and the last value. */
export class LineChart {
  private readonly points: [number, number][] = [];
  private readonly path: SVGPathElement;
  private readonly label: SVGTextElement;
  private readonly svg: SVGSVGElement;

  constructor(host: HTMLElement, private readonly title: string, private readonly o: { color: string; yMin?: number; yMax?: number; percent?: boolean }) {
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
    this.svg.append(this.path, this.label);
    host.append(this.svg);
  }

  get length(): number {
    return this.points.length;
  }

  add(x: number, y: number): void {
    this.points.push([x, y]);
    const ys = this.points.map((p) => p[1]);
    const yMin = this.o.yMin ?? Math.min(...ys), yMax = this.o.yMax ?? Math.max(...ys, yMin + 1e-6);
    const xMax = Math.max(this.points[this.points.length - 1]![0], 1);
    const px = (v: number) => 40 + (270 * v) / xMax;
    const py = (v: number) => 130 - (120 * (v - yMin)) / (yMax - yMin || 1);
    // a single point draws as a short dash so the curve is visible from the first figure
    const pts = this.points.length === 1 ? [[0, y], [x, y]] as [number, number][] : this.points;
    this.path.setAttribute('d', pts.map(([a, b], i) => `${i ? 'L' : 'M'}${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(''));
    const shown = this.o.percent ? `${(100 * y).toFixed(1)} %` : y.toFixed(4);
    this.label.textContent = `${this.title}: ${shown} (${this.points.length} points, ${yMin.toFixed(2)}–${yMax.toFixed(2)})`;
  }
}
