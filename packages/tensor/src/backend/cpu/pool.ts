import type { Backend, Pool2dSpec, View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { dense } from './strided';
import { poolDivisor } from '../pool-divisor';

type CpuView = View<TypedArray>;

export const cpuPoolKernels: Pick<Backend<TypedArray>, 'maxPool2d' | 'avgPool2d' | 'avgPool2dBackward'> = {
  maxPool2d(xv: CpuView, s: Pool2dSpec) {
    const x = dense(xv);
    const [N, C, H, W] = xv.shape as [number, number, number, number];
    const [Ho, Wo] = s.outShape, [kh, kw] = s.kernel, [sh, sw] = s.stride, [ph, pw] = s.padding, [dh, dw] = s.dilation;
    const out = arrayFor(xv.dtype, N * C * Ho * Wo);
    const indices = new Int32Array(out.length);
    let o = 0;
    for (let p = 0; p < N * C; p++) {
      const plane = p * H * W;
      for (let oy = 0; oy < Ho; oy++) {
        for (let ox = 0; ox < Wo; ox++, o++) {
          let best = -Infinity, bestIdx = -1;
          // the first maximum wins; the first NaN wins over everything (as argmax does)
          scan: for (let i = 0; i < kh; i++) {
            const y = oy * sh - ph + i * dh;
            if (y < 0 || y >= H) continue;
            for (let j = 0; j < kw; j++) {
              const xx = ox * sw - pw + j * dw;
              if (xx < 0 || xx >= W) continue;
              const v = x[plane + y * W + xx]!;
              if (v > best || v !== v || bestIdx < 0) {
                best = v;
                bestIdx = y * W + xx;
                if (v !== v) break scan;
              }
            }
          }
          out[o] = best;
          indices[o] = bestIdx;
        }
      }
    }
    return { out, indices };
  },

  avgPool2d(xv: CpuView, s: Pool2dSpec) {
    const x = dense(xv);
    const [N, C, H, W] = xv.shape as [number, number, number, number];
    const [Ho, Wo] = s.outShape, [kh, kw] = s.kernel, [sh, sw] = s.stride, [ph, pw] = s.padding;
    const out = arrayFor(xv.dtype, N * C * Ho * Wo);
    let o = 0;
    for (let p = 0; p < N * C; p++) {
      const plane = p * H * W;
      for (let oy = 0; oy < Ho; oy++) {
        for (let ox = 0; ox < Wo; ox++, o++) {
          const y0 = oy * sh - ph, x0 = ox * sw - pw;
          let acc = 0;
          for (let y = Math.max(y0, 0); y < Math.min(y0 + kh, H); y++) {
            for (let xx = Math.max(x0, 0); xx < Math.min(x0 + kw, W); xx++) acc += x[plane + y * W + xx]!;
          }
          const div = poolDivisor(y0, x0, s, H, W);
          out[o] = acc / div;
        }
      }
    }
    return out;
  },

  avgPool2dBackward(dyv: CpuView, s: Pool2dSpec, xShape) {
    const dy = dense(dyv);
    const [N, C, H, W] = xShape as [number, number, number, number];
    const [Ho, Wo] = s.outShape, [kh, kw] = s.kernel, [sh, sw] = s.stride, [ph, pw] = s.padding;
    const dx = arrayFor(dyv.dtype, N * C * H * W);
    let o = 0;
    // the pooling error is upsampled: each input pixel receives δ / window size from every window it fed
    for (let p = 0; p < N * C; p++) {
      const plane = p * H * W;
      for (let oy = 0; oy < Ho; oy++) {
        for (let ox = 0; ox < Wo; ox++, o++) {
          const y0 = oy * sh - ph, x0 = ox * sw - pw;
          const div = poolDivisor(y0, x0, s, H, W);
          const g = dy[o]! / div;
          for (let y = Math.max(y0, 0); y < Math.min(y0 + kh, H); y++) {
            for (let xx = Math.max(x0, 0); xx < Math.min(x0 + kw, W); xx++) dx[plane + y * W + xx] += g;
          }
        }
      }
    }
    return dx;
  },
};
