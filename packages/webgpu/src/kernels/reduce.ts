import type { ArgReduceOp, DType, ReduceOp, View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT, wgslType, type WgslType } from '../dtypes';
import { castWgsl } from '../elementwise';
import { collapse } from '../layout';
import { numel } from '@dnn/tensor/backend';
import { linearDispatch, Meta, type Program } from '../program';
import { fillInto } from './fill';

/**
 * Row reductions: the view is split into `outer` rows of `inner` elements (the trailing axes), each
 * row's two parts read through their own strided view. A workgroup folds a row: every thread folds a
 * strided slice of it, then a tree in workgroup memory folds the threads' results. Very long rows
 * with few of them are first cut into chunks (one workgroup each) and the partial results reduced
 * again, so the GPU stays busy. Short rows use one thread per row instead.
 */
interface Fold {
  /** Key fragment naming the fold. */
  readonly name: string;
  /** WGSL type of the running state (a scalar or a struct declared in `decls`). */
  readonly state: string;
  readonly decls: string;
  readonly identity: string;
  /** WGSL: state of element j of the row, whose value is `v` (already loaded). */
  readonly lift: (v: string, j: string) => string;
  /** fn combine(a, b) body; `a` holds the earlier elements. */
  readonly combine: string;
  /** WGSL: the stored output from the final state `s`. */
  readonly finish: (s: string) => string;
  readonly outType: WgslType;
  /** Type the elements are loaded as. */
  readonly loadType: WgslType;
}

const SEQUENTIAL_MAX = 16;
const CHUNK = 4096;

function reduceFold(op: ReduceOp, inType: WgslType, outType: WgslType): Fold {
  const c: WgslType = op === 'any' || op === 'all' ? 'u32' : op === 'sum' || op === 'prod' ? outType : inType === 'u32' ? 'i32' : inType;
  const f = c === 'f32';
  const lowest = f ? '-infF()' : c === 'i32' ? 'i32(-2147483647 - 1)' : '0u';
  const highest = f ? 'infF()' : c === 'i32' ? '2147483647' : '1u';
  const table = {
    sum: { id: `${c}(0)`, comb: 'a + b' },
    prod: { id: `${c}(1)`, comb: 'a * b' },
    // NaN wins, as on the CPU
    max: { id: lowest, comb: f ? 'select(b, a, isNanF(a) || (ordered(a, b) && a > b))' : 'max(a, b)' },
    min: { id: highest, comb: f ? 'select(b, a, isNanF(a) || (ordered(a, b) && a < b))' : 'min(a, b)' },
    any: { id: '0u', comb: 'a | b' },
    all: { id: '1u', comb: 'a & b' },
  }[op];
  return {
    name: `${op}:${c}`,
    state: c,
    decls: '',
    identity: table.id,
    lift: (v) => v,
    combine: `return ${table.comb};`,
    finish: (s) => castWgsl(s, c, outType),
    outType,
    // any/all read truth values; the rest convert to the accumulator's type
    loadType: c,
  };
}

function argFold(op: ArgReduceOp, inType: WgslType): Fold {
  const cmp = op === 'argmax' ? '>' : '<';
  const nan = (x: string) => (inType === 'f32' ? `isNanF(${x})` : 'false');
  return {
    name: `${op}:${inType}`,
    state: 'Arg',
    decls: `struct Arg { v: ${inType}, i: u32 }`,
    // index 0xffffffff marks "no element yet"
    identity: `Arg(${inType}(0), 0xffffffffu)`,
    lift: (v, j) => `Arg(${v}, ${j})`,
    // the first NaN wins, then the extreme, ties to the lower index (as on the CPU)
    combine: `
  if (a.i == 0xffffffffu) { return b; }
  if (b.i == 0xffffffffu) { return a; }
  let an = ${nan('a.v')};
  let bn = ${nan('b.v')};
  var takeB = false;
  if (an || bn) { takeB = bn && (!an || b.i < a.i); }
  else { takeB = b.v ${cmp} a.v || (b.v == a.v && b.i < a.i); }
  if (takeB) { return b; }
  return a;`,
    finish: (s) => `i32(select(${s}.i, 0u, ${s}.i == 0xffffffffu))`,
    outType: 'i32',
    loadType: inType,
  };
}

interface Rows {
  readonly outer: number;
  readonly inner: number;
  readonly outerShape: number[];
  readonly outerStrides: number[];
  readonly innerShape: number[];
  readonly innerStrides: number[];
  readonly offset: number;
}

/** Splits a view into leading (kept) and trailing (reduced) dims, each collapsed on its own. */
function splitRows(x: View<GPUBuffer>, keep: number): Rows {
  const o = collapse(x.shape.slice(0, keep), [x.strides.slice(0, keep)]);
  const i = collapse(x.shape.slice(keep), [x.strides.slice(keep)]);
  return {
    outer: numel(o.shape), inner: numel(i.shape),
    outerShape: o.shape, outerStrides: o.strides[0]!,
    innerShape: i.shape, innerStrides: i.strides[0]!,
    offset: x.offset,
  };
}

/**
 * Whether the cooperative kernel can read the rows as vec4s: one contiguous reduced axis whose rows
 * start at multiples of 4 and hold a multiple of 4 elements, and a fold that ignores element indices.
 */
function readsVec4(fold: Fold, rows: Rows): boolean {
  return !fold.name.startsWith('arg') && rows.inner > SEQUENTIAL_MAX && rows.inner % 4 === 0 && rows.innerStrides.length === 1
    && rows.innerStrides[0] === 1 && rows.offset % 4 === 0 && rows.outerStrides.every((s) => s % 4 === 0);
}

/** Runs fold over rows; `chunks` > 1 writes `outer * chunks` partial states (as outType) instead. */
function runRows(ctx: GpuContext, fold: Fold, inType: WgslType, rows: Rows, x: GPUBuffer, out: GPUBuffer, chunks: number): void {
  const { outer, inner } = rows;
  const sequential = inner <= SEQUENTIAL_MAX;
  const wg = sequential ? 64 : inner <= 1024 ? 64 : 256;
  const vec = readsVec4(fold, rows);
  // vec4 reads: chunks start at multiples of 4
  const chunk = vec ? Math.ceil(inner / chunks / 4) * 4 : Math.ceil(inner / chunks);
  const meta = new Meta();
  meta.push(outer * chunks, inner, chunks, chunk);
  const oShape = meta.push(...rows.outerShape);
  const oView = meta.view(rows.offset, rows.outerStrides);
  const iShape = meta.push(...rows.innerShape);
  const iView = meta.view(0, rows.innerStrides);
  const oRank = rows.outerShape.length, iRank = rows.innerShape.length;
  const innerPos = iRank === 1 ? `u32(i32(j) * params[${iView + 1}])` : `stridedPos(j, ${iRank}u, ${iShape}u, ${iView}u)`;
  const load = `${fold.lift(castWgsl(`x[base + ${innerPos}]`, inType, fold.loadType), 'j')}`;
  const lane = (c: string) => castWgsl(`v.${c}`, inType, fold.loadType);
  // each thread folds four consecutive elements per read, in order
  const fold4 = `
    for (var q = start / 4u + lid; q < end / 4u; q += ${wg}u) {
      let v = x[base / 4u + q];
      acc = combine(combine(combine(combine(acc, ${lane('x')}), ${lane('y')}), ${lane('z')}), ${lane('w')});
    }`;
  const header = `${fold.decls}
fn combine(a: ${fold.state}, b: ${fold.state}) -> ${fold.state} {${fold.combine}
}
// first element of output row r (through the kept dims' view)
fn rowBase(o: u32) -> u32 { return ${oRank === 0 ? `u32(params[${oView}])` : `stridedPos(o, ${oRank}u, ${oShape}u, ${oView}u)`}; }`;
  const body = sequential
    ? `
@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = flatIndex(gid, nwg, ${wg}u);
  if (r >= u32(params[0])) { return; }
  let base = rowBase(r);
  var acc = ${fold.identity};
  for (var j = 0u; j < u32(params[1]); j++) { acc = combine(acc, ${load}); }
  out[r] = ${fold.finish('acc')};
}`
    : `
var<workgroup> part: array<${fold.state}, ${wg}>;
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let r = wid.y * nwg.x + wid.x;
  // uniform control flow: every thread reaches the barriers, idle ones fold nothing
  let live = r < u32(params[0]);
  let chunks = u32(params[2]);
  let o = r / chunks;
  let start = (r % chunks) * u32(params[3]);
  let end = min(start + u32(params[3]), u32(params[1]));
  var acc = ${fold.identity};
  if (live) {
    let base = rowBase(o);
    ${vec ? fold4 : `for (var j = start + lid; j < end; j += ${wg}u) { acc = combine(acc, ${load}); }`}
  }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { part[lid] = combine(part[lid], part[lid + s]); }
    workgroupBarrier();
  }
  if (live && lid == 0u) { out[r] = ${fold.finish('part[0]')}; }
}`;
  const program: Program = {
    key: `reduce:${fold.name}:${inType}>${fold.outType}:${sequential ? 'seq' : `wg${wg}`}:o${oRank}:i${iRank}${vec ? ':v4' : ''}`,
    bindings: [{ name: 'x', type: vec ? `vec4<${inType}>` : inType, access: 'read' }, { name: 'out', type: fold.outType, access: 'read_write' }],
    workgroupSize: [wg, 1],
    dispatch: sequential ? linearDispatch(outer, wg) : linearDispatch(outer * chunks, 1),
    source: () => header + body,
  };
  ctx.run(program, [x, out], meta);
}

/** How many chunks to cut each row into: only when rows are long and too few to fill the GPU. */
function chunksFor(outer: number, inner: number): number {
  if (inner <= 2 * CHUNK || outer >= 256) return 1;
  return Math.min(Math.ceil(inner / CHUNK), 1024);
}

export function reduce(ctx: GpuContext, op: ReduceOp, x: View<GPUBuffer>, axes: readonly number[], outDtype: DType): GPUBuffer {
  const inType = wgslType(x.dtype, op);
  const outType = wgslType(outDtype, op);
  const rank = x.shape.length;
  const rows = splitRows(x, rank - axes.length);
  const out = ctx.alloc(rows.outer * BYTES_PER_ELEMENT, op);
  if (rows.outer === 0) return out;
  if (rows.inner === 0) {
    // empty rows: the fold's identity; max/min of nothing is NaN, as on the CPU
    fillInto(ctx, out, rows.outer, outDtype, op === 'sum' || op === 'any' ? 0 : op === 'prod' || op === 'all' ? 1 : NaN, op);
    return out;
  }
  const fold = reduceFold(op, inType, outType);
  const chunks = chunksFor(rows.outer, rows.inner);
  if (chunks === 1) {
    runRows(ctx, fold, inType, rows, x.buffer, out, 1);
    return out;
  }
  // partial states keep the accumulator's type; the second pass folds them row by row
  const partType = fold.state as WgslType;
  const partial = ctx.alloc(rows.outer * chunks * BYTES_PER_ELEMENT, op);
  runRows(ctx, { ...fold, outType: partType, finish: (s) => s }, inType, rows, x.buffer, partial, chunks);
  const second: Rows = {
    outer: rows.outer, inner: chunks, outerShape: [rows.outer], outerStrides: [chunks], innerShape: [chunks], innerStrides: [1], offset: 0,
  };
  runRows(ctx, { ...fold, loadType: partType }, partType, second, partial, out, 1);
  ctx.free(partial);
  return out;
}

export function argReduce(ctx: GpuContext, op: ArgReduceOp, x: View<GPUBuffer>, axis: number): GPUBuffer {
  const inType = wgslType(x.dtype, op);
  const rank = x.shape.length;
  // move the axis last: a free change of view
  const perm = [...x.shape.keys()].filter((d) => d !== axis).concat([axis]);
  const moved: View<GPUBuffer> = { ...x, shape: perm.map((d) => x.shape[d]!), strides: perm.map((d) => x.strides[d]!) };
  const rows = splitRows(moved, rank - 1);
  const out = ctx.alloc(rows.outer * BYTES_PER_ELEMENT, op);
  if (rows.outer === 0) return out;
  if (rows.inner === 0) {
    fillInto(ctx, out, rows.outer, 'int32', 0, op);
    return out;
  }
  runRows(ctx, argFold(op, inType), inType, rows, x.buffer, out, 1);
  return out;
}

