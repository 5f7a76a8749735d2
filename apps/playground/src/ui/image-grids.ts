import { drawGray } from './images';

export interface ImageGrid {
  caption: string;
  /** `count` images of 28×28 pixels, one after another. */
  images: Float32Array;
  count: number;
  cols: number;
  /** The value range drawn black to white; without it each image is scaled to its own range (filters). */
  bounds?: [number, number];
}

/** Tiles 28×28 images into one canvas per grid, with a caption: samples, reconstructions, filters. */
export function drawImageGrids(host: HTMLElement, grids: ImageGrid[]): void {
  host.replaceChildren(...grids.map((g) => {
    const rows = Math.ceil(g.count / g.cols), side = 29; // 28 pixels and a 1-pixel gap
    const tiled = new Float32Array((rows * side - 1) * (g.cols * side - 1));
    const width = g.cols * side - 1;
    for (let k = 0; k < g.count; k++) {
      const img = g.images.subarray(k * 784, (k + 1) * 784);
      let [lo, hi] = g.bounds ?? [Infinity, -Infinity];
      if (!g.bounds) for (const v of img) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      const r0 = Math.floor(k / g.cols) * side, c0 = (k % g.cols) * side;
      for (let i = 0; i < 784; i++) tiled[(r0 + Math.floor(i / 28)) * width + c0 + (i % 28)] = (img[i]! - lo) / (hi - lo || 1);
    }
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.className = 'grid';
    drawGray(canvas, tiled, rows * side - 1, width, [0, 1]);
    canvas.style.width = `${2 * width}px`; // twice the pixels, drawn sharp
    const caption = document.createElement('figcaption');
    caption.textContent = g.caption;
    figure.append(canvas, caption);
    return figure;
  }));
}
