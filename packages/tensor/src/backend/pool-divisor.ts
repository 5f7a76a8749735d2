import type { Pool2dSpec } from './contract';

/**
 * The divisor of the average-pooling window that starts at padded-input row y0, col x0 (may be
 * negative), with PyTorch's rules: divisorOverride wins; countIncludePad (the default) counts the
 * padded border but not a ceil-mode overhang beyond it; otherwise only the pixels inside the input.
 */
export function poolDivisor(y0: number, x0: number, s: Pool2dSpec, H: number, W: number): number {
  if (s.divisorOverride !== undefined) return s.divisorOverride;
  const [kh, kw] = s.kernel;
  if (s.countIncludePad ?? true) {
    const [ph, pw] = s.padding;
    const ye = Math.min(y0 + kh, H + ph), xe = Math.min(x0 + kw, W + pw);
    return (ye - y0) * (xe - x0);
  }
  const ys = Math.max(y0, 0), xs = Math.max(x0, 0);
  const ye = Math.min(y0 + kh, H), xe = Math.min(x0 + kw, W);
  return Math.max(ye - ys, 0) * Math.max(xe - xs, 0);
}
