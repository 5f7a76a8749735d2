import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromTypedArray } from './creation';
import { tidy } from '../memory';
import { cpu } from '../device';
import type { Tensor } from '../tensor';
import * as R from '../testing/reference';
import { expectClose } from '../testing/allclose';

/** View algebra: movement ops are metadata, so composing them must give exactly the composed result. */
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const filled = (shape: readonly number[]) => fromTypedArray(Float64Array.from({ length: size(shape) }, (_, i) => i * 0.5 - 3), shape);
const refOf = (t: Tensor) => R.ref(t.dataSync(), t.shape);
const exact = { rtol: 0, atol: 0 };
/** Runs a property inside tidy so the many random tensors are freed as it goes. */
const prop = <T>(arb: fc.Arbitrary<T>, body: (v: T) => void, numRuns = 80) =>
  fc.assert(fc.property(arb, (v) => tidy(() => body(v))), { numRuns });

const permutationOf = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });
const withPerm = shapeArb.chain((s) => fc.tuple(fc.constant(s), permutationOf(s.length)));

describe('view algebra', () => {
  it('reshape ∘ reshape = reshape, and reshaping back is the identity', () => {
    prop(shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length }))), ([s, t]) => {
      const x = filled(s);
      const flat = [size(s)];
      expectClose(x.reshape(t).reshape(flat), x.reshape(flat), exact);
      expectClose(x.reshape(t).reshape(s), x, exact);
      // through a non-contiguous view too
      expectClose(x.flip(0).reshape(t).reshape(flat), R.reshape(R.flip(refOf(x), [0]), flat), exact);
    });
  });

  it('reshaping one broadcast value is a view of it (no copy), with its value everywhere', () => {
    tidy(() => {
      const one = fromTypedArray(Float64Array.of(2.5), [1, 1, 1]);
      const b = one.expand([3, 4, 5]);
      const r = b.reshape([12, 5]);
      expect(r.strides).toEqual([0, 0]);
      expect(r.storage).toBe(one.storage);
      expect(Array.from(r.dataSync())).toEqual(new Array(60).fill(2.5));
      // and its gradient parts assemble: a slice of it placed in a bigger tensor
      expect(Array.from(r.narrow(0, 2, 3).reshape([15]).dataSync())).toEqual(new Array(15).fill(2.5));
    });
  });

  it('permute ∘ inverse permute = identity (values, shape and strides)', () => {
    prop(withPerm, ([s, p]) => {
      const x = filled(s);
      const inv = new Array<number>(p.length);
      p.forEach((d, i) => (inv[d] = i));
      const y = x.permute(p);
      expectClose(y, R.permute(refOf(x), p), exact);
      const back = y.permute(inv);
      expect(back.shape).toEqual(x.shape);
      expect(back.strides).toEqual(x.strides);
      expectClose(back, x, exact);
    });
  });

  it('transpose twice is the identity', () => {
    prop(shapeArb.filter((s) => s.length >= 2), (s) => {
      const x = filled(s);
      expectClose(x.mT().mT(), x, exact);
      expectClose(x.transpose(0, -1).transpose(0, -1), x, exact);
    });
  });

  it('a slice of a slice equals the combined slice', () => {
    const spec = (n: number) => fc.record({ start: fc.integer({ min: 0, max: n }), len: fc.integer({ min: 0, max: n }), step: fc.integer({ min: 1, max: 3 }) });
    const arb = shapeArb.map((s) => s.map((d) => d + 3)).chain((s) => fc.tuple(fc.constant(s), fc.tuple(...s.map(spec)), fc.tuple(...s.map(spec))));
    prop(arb, ([s, a, b]) => {
      const x = filled(s);
      const first = x.slice(a.map((q, d) => ({ start: q.start, end: Math.min(s[d]!, q.start + q.len), step: q.step })));
      const second = first.slice(b.map((q, d) => ({ start: q.start, end: q.start + q.len, step: q.step })));
      // combined: begin₁ + begin₂·step₁, step₁·step₂, as many elements as the second slice kept
      const begin = a.map((q, d) => Math.min(q.start, s[d]!) + Math.min(b[d]!.start, first.shape[d]!) * q.step);
      const step = a.map((q, d) => q.step * b[d]!.step);
      const end = second.shape.map((n, d) => begin[d]! + n * step[d]!);
      expectClose(second, R.slice(refOf(x), begin, end, step), exact);
    });
  });

  it('flip twice is the identity and flip matches the reference', () => {
    prop(shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.subarray([...s.keys()], { minLength: 1 }))), ([s, dims]) => {
      const x = filled(s);
      expectClose(x.flip(dims), R.flip(refOf(x), dims), exact);
      expectClose(x.flip(dims).flip(dims), x, exact);
    });
  });

  it('expand then sum over the new dims gives n × the input', () => {
    prop(fc.tuple(shapeArb, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 })), ([s, n, m]) => {
      const x = filled(s);
      const y = x.unsqueeze(0).unsqueeze(-1).expand([n, ...s, m]);
      expect(y.storage).toBe(x.storage);
      expectClose(y.sum([0, y.rank - 1]), x.mul(n * m), exact);
    });
  });

  it('contiguous preserves values and yields a dense row-major tensor', () => {
    prop(withPerm, ([s, p]) => {
      const v = filled(s).permute(p).flip(0);
      const c = v.contiguous();
      expect(c.isContiguous()).toBe(true);
      expectClose(c, refOf(v), exact);
    });
  });

  it('view ops allocate no buffers', () => {
    const x = filled([3, 4, 5]);
    const before = cpu().memory().buffers;
    tidy(() => {
      x.unsqueeze(1).permute([3, 1, 0, 2]).slice([{ start: 1 }, null, null, { step: 2 }]).flip([0]).expand([4, 2, 3, 2]);
      x.reshape([12, 5]).mT();
      expect(cpu().memory().buffers).toBe(before);
    });
  });
});
