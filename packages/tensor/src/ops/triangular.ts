import type { Tensor } from '../tensor';
import { arange } from './creation';
import { where, ge, le, sub } from './elementwise';

function mask(x: Tensor, k: number, upper: boolean): Tensor {
  const r = x.shape[x.rank - 2]!, c = x.shape[x.rank - 1]!;
  const rows = arange(0, r, 1, { device: x.device }).reshape([r, 1]);
  const cols = arange(0, c, 1, { device: x.device }).reshape([1, c]);
  const diff = sub(cols, rows);
  return upper ? ge(diff, k) : le(diff, k);
}

/** Keeps elements on and above the k-th diagonal of the last two dims. */
export const triu = (x: Tensor, k = 0): Tensor => where(mask(x, k, true), x, 0);
/** Keeps elements on and below the k-th diagonal of the last two dims. */
export const tril = (x: Tensor, k = 0): Tensor => where(mask(x, k, false), x, 0);
