import { apply } from '../autograd/engine';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors';
import { normDim, numel, sameShape } from '../shape';
import { intArg, intListArg } from '../args';
import { checkAllocation } from '../allocation';
import type { Tensor } from '../tensor';
import { arange, tensor, zerosOf } from './creation';
import { cast } from './elementwise';

/** Resolves one -1 and checks the element count. */
export function inferReshape(shape: readonly number[], size: number, op: string, from: readonly number[]): number[] {
  const out = intListArg(shape, op, 'shape', -1);
  const neg = out.indexOf(-1);
  if (out.some((d, i) => !Number.isInteger(d) || (d < 0 && i !== neg)) || out.lastIndexOf(-1) !== neg) {
    throw new ValueError(`${op}: invalid shape ${fmtShape(shape)}`);
  }
  if (neg >= 0) {
    const rest = out.reduce((p, d, i) => (i === neg ? p : p * d), 1);
    if (rest === 0 || size % rest !== 0) throw new ShapeError(`${op}: cannot reshape ${fmtShape(from)} into ${fmtShape(shape)}`);
    out[neg] = size / rest;
  }
  if (numel(out) !== size) throw new ShapeError(`${op}: cannot reshape ${fmtShape(from)} (${size} elements) into ${fmtShape(shape)}`);
  return out;
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = inferReshape(shape, x.size, 'reshape', x.shape);
  if (sameShape(s, x.shape)) return x;
  return apply('reshape', [x], { shape: s });
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.rank === 0) return reshape(x, [1]);
  const s = normDim(startDim, x.rank, 'flatten');
  const e = normDim(endDim, x.rank, 'flatten');
  const mid = x.shape.slice(s, e + 1).reduce((p, d) => p * d, 1);
  return reshape(x, [...x.shape.slice(0, s), mid, ...x.shape.slice(e + 1)]);
}

export function squeeze(x: Tensor, dims?: number | readonly number[]): Tensor {
  const list = dims === undefined ? null : (typeof dims === 'number' ? [dims] : intListArg(dims, 'squeeze', 'dims')).map((d) => normDim(d, x.rank, 'squeeze'));
  const shape = x.shape.filter((d, i) => !(d === 1 && (list === null || list.includes(i))));
  return reshape(x, shape);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normDim(dim, x.rank + 1, 'unsqueeze');
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const p = intListArg(perm, 'permute', 'dims').map((d) => normDim(d, x.rank, 'permute'));
  if (p.length !== x.rank || new Set(p).size !== p.length) {
    throw new ShapeError(`permute: ${JSON.stringify(perm)} is not a permutation of the ${x.rank} dims of ${fmtShape(x.shape)}`);
  }
  if (p.every((d, i) => d === i)) return x;
  return apply('permute', [x], { perm: p });
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const perm = [...x.shape.keys()];
  const a = normDim(dim0, x.rank, 'transpose');
  const b = normDim(dim1, x.rank, 'transpose');
  [perm[a], perm[b]] = [perm[b]!, perm[a]!];
  return permute(x, perm);
}

/** Broadcasts size-1 dims (and new leading dims) to `shape`; -1 keeps a dim. No copy. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  intListArg(shape, 'expand', 'shape', -1);
  const lead = shape.length - x.rank;
  if (lead < 0) throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to fewer dims ${fmtShape(shape)}`);
  const s = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead]! : d));
  if (sameShape(s, x.shape)) return x;
  return apply('expand', [x], { shape: s });
}

export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous()) return x;
  checkAllocation('contiguous', x.shape, x.dtype); // a view of an expand can be far larger than its storage
  return apply('cast', [x], { dtype: x.dtype });
}

export interface SliceSpec {
  start?: number;
  end?: number;
  step?: number;
}

/** Python-style slicing per dim: `slice(x, [{start: 1}, {end: -1, step: 2}])`; missing dims are whole. */
export function slice(x: Tensor, specs: readonly (SliceSpec | null | undefined)[]): Tensor {
  if (!Array.isArray(specs)) throw new ValueError(`slice: expected an array of { start, end, step } per dim, got ${String(specs)}`);
  if (specs.length > x.rank) throw new ShapeError(`slice: ${specs.length} slices for a tensor of rank ${x.rank}`);
  const begin: number[] = [], end: number[] = [], step: number[] = [];
  x.shape.forEach((size, d) => {
    const s: SliceSpec = specs[d] ?? {};
    if (typeof s !== 'object') throw new ValueError(`slice: dim ${d} takes { start, end, step }, got ${String(s)}`);
    for (const k of ['start', 'end'] as const) if (s[k] != null) intArg(s[k], 'slice', k);
    const st = s.step ?? 1;
    if (!Number.isInteger(st) || st <= 0) throw new ValueError(`slice: step must be a positive integer, got ${st}`);
    const clampIdx = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
    const b = clampIdx(s.start ?? 0);
    const e = Math.max(b, clampIdx(s.end ?? size));
    begin.push(b);
    end.push(e);
    step.push(st);
  });
  if (begin.every((b, d) => b === 0 && end[d] === x.shape[d] && step[d] === 1)) return x;
  return apply('slice', [x], { begin, end, step });
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim(dim, x.rank, 'narrow');
  intArg(start, 'narrow', 'start');
  intArg(length, 'narrow', 'length');
  const size = x.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (s < 0 || length < 0 || s + length > size) {
    throw new ShapeError(`narrow: [${start}, ${start}+${length}) is out of range for dim ${dim} of size ${size}`);
  }
  const specs = x.shape.map((_, i) => (i === d ? { start: s, end: s + length } : null));
  return slice(x, specs);
}

/** Element i along dim of x (dim removed). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normDim(dim, x.rank, 'select');
  intArg(index, 'select', 'index');
  const size = x.shape[d]!;
  const i = index < 0 ? index + size : index;
  if (i < 0 || i >= size) throw new ShapeError(`select: index ${index} is out of range for dim ${dim} of size ${size}`);
  return squeeze(narrow(x, d, i, 1), d);
}

export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const list = (typeof dims === 'number' ? [dims] : intListArg(dims, 'flip', 'dims')).map((d) => normDim(d, x.rank, 'flip'));
  return apply('flip', [x], { dims: list });
}

function checkIndex(index: Tensor, op: string): Tensor {
  if (index.dtype !== 'int32') {
    if (index.dtype === 'float32' || index.dtype === 'float64') throw new DTypeError(`${op}: index must be int32, got ${index.dtype}`);
    return cast(index, 'int32');
  }
  return index;
}

/** out[i][j] = x[i][index[i][j]] for dim 1, and so on (torch.gather). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, x.rank, 'gather');
  if (index.rank !== x.rank) throw new ShapeError(`gather: index rank ${index.rank} differs from input rank ${x.rank}`);
  index.shape.forEach((s, i) => {
    if (i !== d && s > x.shape[i]!) throw new ShapeError(`gather: index ${fmtShape(index.shape)} exceeds input ${fmtShape(x.shape)} at dim ${i}`);
  });
  const xv = index.shape.some((s, i) => i !== d && s !== x.shape[i])
    ? slice(x, index.shape.map((s, i) => (i === d ? null : { end: s })))
    : x;
  return apply('gather', [xv, checkIndex(index, 'gather')], { dim: d });
}

/** Adds src into a copy of x at positions given by index along dim (torch.scatter_add). */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normDim(dim, x.rank, 'scatterAdd');
  if (!sameShape(index.shape, src.shape)) {
    throw new ShapeError(`scatterAdd: index ${fmtShape(index.shape)} and src ${fmtShape(src.shape)} must have the same shape`);
  }
  if (index.rank !== x.rank) throw new ShapeError(`scatterAdd: index rank ${index.rank} differs from input rank ${x.rank}`);
  return apply('scatterAdd', [x, checkIndex(index, 'scatterAdd'), cast(src, x.dtype)], { dim: d });
}

/** Rows (or slices along dim) of x picked by a 1-D index. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim(dim, x.rank, 'indexSelect');
  if (index.rank > 1) throw new ShapeError(`indexSelect: index must be 1-D, got ${fmtShape(index.shape)}`);
  const idx = checkIndex(index, 'indexSelect').reshape([-1]);
  const viewShape = x.shape.map((_, i) => (i === d ? idx.shape[0]! : 1));
  const full = x.shape.map((s, i) => (i === d ? idx.shape[0]! : s));
  return apply('gather', [x, idx.reshape(viewShape).expand(full)], { dim: d });
}

/** Sums rows of `src` into `numSegments` buckets by segment id (graph message passing). */
export function segmentSum(src: Tensor, segmentIds: Tensor, numSegments: number): Tensor {
  const ids = checkIndex(segmentIds, 'segmentSum').reshape([-1]);
  if (ids.shape[0] !== src.shape[0]) {
    throw new ShapeError(`segmentSum: ${ids.shape[0]} segment ids for ${src.shape[0]} rows`);
  }
  const rest = src.shape.slice(1);
  // a broadcast view, not a materialized [rows, …] table: backends add whole rows per index
  const idx = ids.reshape([ids.shape[0]!, ...rest.map(() => 1)]).expand(src.shape);
  return scatterAdd(zerosOf(src, [numSegments, ...rest]), 0, idx, src);
}

export function concat(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new ValueError('concat: needs at least one tensor');
  const first = xs[0]!;
  const d = normDim(dim, first.rank, 'concat');
  const dtype = xs.map((t) => t.dtype).reduce((a, b) => (a === b ? a : 'float64' === a || 'float64' === b ? 'float64' : 'float32'));
  for (const t of xs) {
    if (t.rank !== first.rank || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new ShapeError(`concat: shapes ${xs.map((u) => fmtShape(u.shape)).join(', ')} differ outside dim ${dim}`);
    }
  }
  if (xs.length === 1) return first;
  return apply('concat', xs.map((t) => cast(t, dtype)), { axis: d });
}

export function stack(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new ValueError('stack: needs at least one tensor');
  const d = normDim(dim, xs[0]!.rank + 1, 'stack');
  for (const t of xs) {
    if (!sameShape(t.shape, xs[0]!.shape)) throw new ShapeError(`stack: shapes ${xs.map((u) => fmtShape(u.shape)).join(', ')} differ`);
  }
  return concat(xs.map((t) => unsqueeze(t, d)), d);
}

/** Splits into pieces of `size` (the last may be smaller) or of the listed sizes. */
export function split(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  const d = normDim(dim, x.rank, 'split');
  const total = x.shape[d]!;
  let list: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) throw new ValueError(`split: size must be a positive integer, got ${sizes}`);
    list = [];
    for (let s = 0; s < total; s += sizes) list.push(Math.min(sizes, total - s));
  } else {
    list = intListArg(sizes, 'split', 'sizes', 0);
    if (list.reduce((a, b) => a + b, 0) !== total) throw new ShapeError(`split: sizes ${JSON.stringify(sizes)} do not add up to ${total}`);
  }
  let at = 0;
  return list.map((n) => {
    const piece = narrow(x, d, at, n);
    at += n;
    return piece;
  });
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const d = normDim(dim, x.rank, 'chunk');
  if (intArg(chunks, 'chunk', 'chunks') <= 0) throw new ValueError(`chunk: chunks must be positive, got ${chunks}`);
  return split(x, Math.max(1, Math.ceil(x.shape[d]! / chunks)), d);
}

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * torch.nn.functional.pad: `pads` lists (before, after) pairs starting from the LAST dim.
 * Constant padding is a primitive; reflect/replicate/circular gather with computed indices.
 */
export function pad(x: Tensor, pads: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  intListArg(pads, 'pad', 'pads');
  if (pads.length % 2 !== 0 || pads.length / 2 > x.rank) {
    throw new ShapeError(`pad: ${pads.length} pad values do not fit a tensor of rank ${x.rank}`);
  }
  const before = x.shape.map(() => 0);
  const after = x.shape.map(() => 0);
  for (let i = 0; i < pads.length / 2; i++) {
    before[x.rank - 1 - i] = pads[2 * i]!;
    after[x.rank - 1 - i] = pads[2 * i + 1]!;
  }
  if (mode === 'constant') {
    // negative pads crop first, as in PyTorch
    const cropped = slice(x, x.shape.map((s, d) => ({ start: Math.max(0, -before[d]!), end: s - Math.max(0, -after[d]!) })));
    const b = before.map((v) => Math.max(0, v)), a = after.map((v) => Math.max(0, v));
    if (b.every((v) => v === 0) && a.every((v) => v === 0)) return cropped;
    return apply('pad', [cropped], { before: b, after: a, value });
  }
  let y = x;
  for (let d = 0; d < x.rank; d++) {
    if (before[d] === 0 && after[d] === 0) continue;
    y = indexSelect(y, d, padIndices(x.shape[d]!, before[d]!, after[d]!, mode, d, y));
  }
  return y;
}

function padIndices(size: number, before: number, after: number, mode: PadMode, dim: number, like: Tensor): Tensor {
  if (mode === 'reflect' && (before >= size || after >= size)) {
    throw new ShapeError(`pad: reflect padding (${before}, ${after}) must be smaller than dim ${dim} of size ${size}`);
  }
  if (size === 0) throw new ShapeError(`pad: cannot ${mode}-pad an empty dim ${dim}`);
  const idx = new Int32Array(size + before + after);
  for (let i = 0; i < idx.length; i++) {
    let j = i - before;
    if (mode === 'replicate') j = Math.min(Math.max(j, 0), size - 1);
    else if (mode === 'circular') j = ((j % size) + size) % size;
    else {
      const period = 2 * (size - 1) || 1;
      j = ((j % period) + period) % period;
      if (j >= size) j = period - j;
    }
    idx[i] = j;
  }
  return tensor(idx, { device: like.device });
}

/** Tiles x `reps` times along each dim (torch.Tensor.repeat). */
export function repeat(x: Tensor, reps: readonly number[]): Tensor {
  intListArg(reps, 'repeat', 'repeats', 0);
  if (reps.length < x.rank) throw new ShapeError(`repeat: ${reps.length} repeats for a tensor of rank ${x.rank}`);
  const lead = reps.length - x.rank;
  const shape = [...Array(lead).fill(1), ...x.shape] as number[];
  // view as [r0, s0, r1, s1, ...] by broadcasting, then merge each pair
  const inter: number[] = [];
  const expanded: number[] = [];
  shape.forEach((s, i) => {
    inter.push(1, s);
    expanded.push(reps[i]!, s);
  });
  return x.reshape(inter).expand(expanded).contiguous().reshape(shape.map((s, i) => s * reps[i]!));
}

/** Indices along a dim as an int32 tensor on x's device, for building gathers. */
export const indicesOf = (n: number, like: Tensor): Tensor => arange(0, n, 1, { dtype: 'int32', device: like.device });
