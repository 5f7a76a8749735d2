import type { AdamStepSpec, OptimizerStepSpec, ParamUpdate, SgdStepSpec, View } from '../contract';
import { arrayFor, type TypedArray } from '../../dtype';
import { dense } from './strided';

type CpuView = View<TypedArray>;

/**
 * The optimizers' updates in one pass over each parameter: the same operations, in the same order, as
 * the composites of optim/sgd.ts and optim/adam.ts, each rounded to the dtype (`r`), so float64 and
 * float32 results equal the composite's bit for bit. Scalars are rounded as the composite's 0-d
 * tensors are.
 */
export function optimizerStep(spec: OptimizerStepSpec, updates: readonly ParamUpdate<TypedArray>[]): TypedArray[][] {
  return updates.map((u) => (spec.kind === 'sgd' ? sgdUpdate(spec, u) : adamUpdate(spec, u)));
}

const identity = (x: number): number => x;
const rounding = (v: CpuView): ((x: number) => number) => (v.dtype === 'float32' ? Math.fround : identity);

function sgdUpdate(s: SgdStepSpec, u: ParamUpdate<TypedArray>): TypedArray[] {
  const r = rounding(u.param);
  const p = dense(u.param), g = dense(u.grad);
  const n = p.length;
  const out = arrayFor(u.param.dtype, n);
  const hasBuf = s.momentum !== 0;
  const old = hasBuf && u.state[0] ? dense(u.state[0]) : null;
  const buf = hasBuf ? arrayFor(u.param.dtype, n) : null;
  const sign = s.maximize ? -1 : 1;
  const wd = r(s.weightDecay), mu = r(s.momentum), keepD = r(1 - s.dampening), negLr = r(-s.lr);
  for (let i = 0; i < n; i++) {
    let d = sign * g[i]!;
    if (s.weightDecay !== 0) d = r(d + r(p[i]! * wd));
    if (buf) {
      const b = old ? r(r(old[i]! * mu) + r(d * keepD)) : d;
      buf[i] = b;
      d = s.nesterov ? r(d + r(b * mu)) : b;
    }
    out[i] = r(p[i]! + r(d * negLr));
  }
  return buf ? [out, buf] : [out];
}

function adamUpdate(s: AdamStepSpec, u: ParamUpdate<TypedArray>): TypedArray[] {
  const r = rounding(u.param);
  const dtype = u.param.dtype;
  const p = dense(u.param), g = dense(u.grad), m0 = dense(u.state[0]!), v0 = dense(u.state[1]!);
  const vmax0 = s.amsgrad ? dense(u.state[2]!) : null;
  const n = p.length;
  const out = arrayFor(dtype, n), m = arrayFor(dtype, n), v = arrayFor(dtype, n);
  const vmax = vmax0 ? arrayFor(dtype, n) : null;
  const sign = s.maximize ? -1 : 1;
  const decay = r(1 - s.lr * s.weightDecay), wd = r(s.weightDecay);
  const b1 = r(s.beta1), c1 = r(1 - s.beta1), b2 = r(s.beta2), c2 = r(1 - s.beta2);
  const bc2Sqrt = r(Math.sqrt(1 - s.beta2 ** u.step)), eps = r(s.eps);
  const negStepSize = r(-(s.lr / (1 - s.beta1 ** u.step)));
  for (let i = 0; i < n; i++) {
    let d = sign * g[i]!;
    let x = p[i]!;
    if (s.decoupled) x = r(x * decay);
    else if (s.weightDecay !== 0) d = r(d + r(x * wd));
    const mi = r(r(m0[i]! * b1) + r(d * c1));
    const vi = r(r(v0[i]! * b2) + r(r(d * d) * c2));
    m[i] = mi;
    v[i] = vi;
    let second = vi;
    if (vmax) {
      const a = vmax0![i]!;
      second = a !== a || a > vi ? a : vi;
      vmax[i] = second;
    }
    const denom = r(r(r(Math.sqrt(second)) / bc2Sqrt) + eps);
    out[i] = r(x + r(r(mi / denom) * negStepSize));
  }
  return vmax ? [out, m, v, vmax] : [out, m, v];
}
