import { Module, Tensor, ShapeError, ValueError, fmtShape, tensor, type ModuleOptions } from '@dnn/tensor';

/** Give exactly one of `size` and `scaleFactor` (as PyTorch, both are optional arguments). */
export interface UpsampleOptions extends ModuleOptions {
  /** Output [H, W]. */
  size?: number | readonly [number, number];
  /** Output = ⌊input · scaleFactor⌋. */
  scaleFactor?: number | readonly [number, number];
  /** Default 'nearest'. */
  mode?: 'nearest' | 'bilinear';
  /** Bilinear only: map corner pixels onto corner pixels. Default false. */
  alignCorners?: boolean;
}

/** Source coordinate of each output pixel along one axis, as PyTorch's interpolate computes it. */
function sourceCoords(inSize: number, outSize: number, scale: number | null, mode: string, alignCorners: boolean): Float64Array {
  const out = new Float64Array(outSize);
  const ratio = alignCorners ? (outSize > 1 ? (inSize - 1) / (outSize - 1) : 0) : scale !== null ? 1 / scale : inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    if (mode === 'nearest') out[i] = Math.min(Math.floor(i * ratio), inSize - 1);
    else out[i] = alignCorners ? i * ratio : Math.max((i + 0.5) * ratio - 0.5, 0);
  }
  return out;
}

/** Resamples one spatial axis (2 or 3) by gathering rows/columns and, for bilinear, blending neighbours. */
function resampleAxis(x: Tensor, axis: 2 | 3, coords: Float64Array, mode: string): Tensor {
  const inSize = x.shape[axis]!;
  const lo = Int32Array.from(coords, Math.floor);
  const picked = x.indexSelect(axis, tensor(lo, { device: x.device }));
  if (mode === 'nearest') return picked;
  const hi = Int32Array.from(lo, (v) => Math.min(v + 1, inSize - 1));
  const frac = Float64Array.from(coords, (c, i) => c - lo[i]!);
  const shape = axis === 2 ? [1, 1, coords.length, 1] : [1, 1, 1, coords.length];
  const w = tensor(frac, { dtype: x.dtype, device: x.device, shape });
  const upper = x.indexSelect(axis, tensor(hi, { device: x.device }));
  return picked.add(upper.sub(picked).mul(w));
}

/** Nearest or bilinear upsampling of [N,C,H,W] maps (PyTorch's nn.Upsample). `new Upsample({ scaleFactor: 2 })` */
export class Upsample extends Module {
  constructor(readonly opts: UpsampleOptions) {
    super();
    if ((opts.size === undefined) === (opts.scaleFactor === undefined)) {
      throw new ValueError('Upsample: give exactly one of size and scaleFactor');
    }
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 4) throw new ShapeError(`Upsample: expected input [N,C,H,W], got ${fmtShape(x.shape)}`);
    const mode = this.opts.mode ?? 'nearest';
    const align = mode === 'bilinear' && (this.opts.alignCorners ?? false);
    const [H, W] = [x.shape[2]!, x.shape[3]!];
    const scale = this.opts.scaleFactor === undefined ? null
      : typeof this.opts.scaleFactor === 'number' ? [this.opts.scaleFactor, this.opts.scaleFactor] : [...this.opts.scaleFactor];
    const size = this.opts.size === undefined ? [Math.floor(H * scale![0]!), Math.floor(W * scale![1]!)]
      : typeof this.opts.size === 'number' ? [this.opts.size, this.opts.size] : [...this.opts.size];
    const rows = resampleAxis(x, 2, sourceCoords(H, size[0]!, scale ? scale[0]! : null, mode, align), mode);
    return resampleAxis(rows, 3, sourceCoords(W, size[1]!, scale ? scale[1]! : null, mode, align), mode);
  }
}
