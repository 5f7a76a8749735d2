import { ShapeError, ValueError, fmtShape, noGrad, tensor, tidy, type Tensor } from '@dnn/tensor';

export interface ImageGridOptions {
  /** Images per row (default ⌈√N⌉). */
  cols?: number;
  /** Pixels of background between images (default 1). */
  pad?: number;
  /** Scale each image to [0, 1] on its own (default true: filters have arbitrary ranges). */
  normalize?: boolean;
}

/**
 * Tiles N images of h×w pixels (rows [N, h·w] such as RBM filters `weight` or samples, or [N, h, w])
 * into one grayscale picture [rows·(h+pad)−pad, cols·(w+pad)−pad] with values in [0, 1] and a
 * background of 0 (on the host; for writing PNGs).
 */
export function imageGrid(images: Tensor, h: number, w: number, opts: ImageGridOptions = {}): Tensor {
  const n = images.shape[0] ?? 0;
  if (!(images.rank === 2 && images.shape[1] === h * w) && !(images.rank === 3 && images.shape[1] === h && images.shape[2] === w)) {
    throw new ShapeError(`imageGrid: expected images [N, ${h * w}] or [N, ${h}, ${w}], got ${fmtShape(images.shape)}`);
  }
  if (n === 0) throw new ValueError('imageGrid: no images');
  const cols = opts.cols ?? Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const pad = opts.pad ?? 1;
  const data = noGrad(() => tidy(() => Array.from(images.reshape([n, h * w]).dataSync() as ArrayLike<number>, Number)));
  const H = rows * (h + pad) - pad, W = cols * (w + pad) - pad;
  const out = new Float32Array(H * W);
  for (let k = 0; k < n; k++) {
    const img = data.slice(k * h * w, (k + 1) * h * w);
    let lo = 0, hi = 1;
    if (opts.normalize ?? true) { lo = Math.min(...img); hi = Math.max(...img); }
    const span = hi - lo || 1;
    const r0 = Math.floor(k / cols) * (h + pad), c0 = (k % cols) * (w + pad);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(r0 + y) * W + c0 + x] = Math.min(1, Math.max(0, (img[y * w + x]! - lo) / span));
  }
  return tensor(out, { shape: [H, W] });
}
