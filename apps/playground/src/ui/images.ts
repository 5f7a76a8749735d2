/** Draws a [h, w] grayscale array on a canvas, scaled to [0, 255] between its min and max (or given bounds). */
export function drawGray(canvas: HTMLCanvasElement, values: ArrayLike<number>, h: number, w: number, bounds?: [number, number]): void {
  let lo = bounds?.[0] ?? Infinity, hi = bounds?.[1] ?? -Infinity;
  if (!bounds) for (let i = 0; i < h * w; i++) { lo = Math.min(lo, values[i]!); hi = Math.max(hi, values[i]!); }
  const img = new ImageData(w, h);
  for (let i = 0; i < h * w; i++) {
    const v = Math.round((255 * (values[i]! - lo)) / (hi - lo || 1));
    img.data.set([v, v, v, 255], 4 * i);
  }
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.putImageData(img, 0, 0);
}

/** A row of small canvases, one per channel of a [C, h, w] array. */
export function drawChannels(host: HTMLElement, values: ArrayLike<number>, channels: number, h: number, w: number): void {
  host.replaceChildren();
  for (let c = 0; c < channels; c++) {
    const canvas = document.createElement('canvas');
    canvas.className = 'cell';
    drawGray(canvas, Array.prototype.slice.call(values, c * h * w, (c + 1) * h * w) as number[], h, w);
    host.append(canvas);
  }
}

/** Horizontal bars of class probabilities, the most likely first marked. */
export function drawProbabilities(host: HTMLElement, probs: ArrayLike<number>, classes: readonly string[]): void {
  let best = 0;
  for (let i = 1; i < classes.length; i++) if (probs[i]! > probs[best]!) best = i;
  host.replaceChildren(...classes.map((name, i) => {
    const row = document.createElement('div');
    row.className = i === best ? 'prob best' : 'prob';
    row.innerHTML = `<span class="name"></span><span class="bar"><span style="width:${(100 * probs[i]!).toFixed(1)}%"></span></span><span class="pct">${(100 * probs[i]!).toFixed(1)} %</span>`;
    row.querySelector('.name')!.textContent = name;
    return row;
  }));
}
