import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT } from '../dtypes';
import { Meta, type Binding } from '../program';
import { reduce } from './reduce';

/**
 * The tiled matrix-product generator shared by matmul and the convolutions (implicit GEMM: the
 * convolutions only change how A and B elements are found, never the tiling).
 *
 * C[batch] (M×N) = A[batch] (M×K) · B[batch] (K×N), written densely: out[(batch·M + row)·N + col],
 * or through the caller's `store`. A workgroup computes a TM×TN tile of C (TM, TN ∈ {16, 32, 64}, the
 * smallest that covers M and N, so a 6-row or 1-column product does not compute a 64×64 tile; 4 or
 * 8 rows by up to 128 columns for products with few rows, see tileShape), each thread an R×4
 * block held in R vec4 registers (R = min(TM, 16) on CPU-backed adapters, 4 on GPUs; see rowsPerThread). K advances TK = 32 at a
 * time (16 for the 128-wide tiles, see stepK): the workgroup stages the A (TM×TK) and B (TK×TN) slices in workgroup memory once,
 * as vec4s, and every thread reuses each staged value several times, which is what beats one thread per
 * output. Products whose tiles are all full and whose K is whole steps compile without edge tests. Operands whose rows are contiguous
 * are staged with vec4 loads (see GemmSpec.vec4).
 *
 * When the output has too few tiles to fill the GPU but K is long (weight gradients: K = N·Ho·Wo),
 * K is split: each slice's partial product is a batch of its own, and a row reduction sums them.
 *
 * The caller supplies WGSL for
 *   fn prepare(batch: u32)                          (once per workgroup, before any load)
 *   fn loadA(batch: u32, row: u32, k: u32) -> T     (called only for row < M, k < K)
 *   fn loadB(batch: u32, k: u32, col: u32) -> T     (called only for k < K, col < N)
 * and optionally `fn store(batch: u32, row: u32, col: u32, v: T)` (row < M, col < N) for an output
 * that is not the dense [batch, M, N] (K is then never split). params[0..6) = M, N, K, first batch
 * slot, K slices, slice length (see gemmMeta); its own parameters follow in the same meta. Its last
 * binding must be the output `out`.
 */
export interface GemmSpec {
  readonly key: string;
  readonly type: 'f32' | 'i32';
  readonly bindings: readonly Binding[];
  readonly helpers: () => string;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly batch: number;
  readonly meta: Meta;
  /** WGSL of `store` (see above); without it the output is dense. */
  readonly store?: string;
  /**
   * The helpers also define `fn loadA4(batch, row, k) -> vec4<T>` (A[row, k..k+3]; needs K % 4 = 0)
   * and/or `fn loadB4(batch, k, col) -> vec4<T>` (B[k, col..col+3]; needs N % 4 = 0), used instead
   * of the scalar loaders.
   */
  readonly vec4?: { readonly a: boolean; readonly b: boolean };
  /**
   * The helpers define `fn setupCol(batch, col)`, called before loadB with the column it will load:
   * once per thread before the K loop where each thread stages a single column, else before each
   * load. Convolutions compute a column's pixel coordinates there instead of at every K step.
   */
  readonly colSetup?: boolean;
}

/**
 * K per staged step: 32 where the two tiles fit workgroup memory's guaranteed 16 KiB
 * ((TM + TN)·32 floats), halving the barriers per product, else 16.
 */
const stepK = (TM: number, TN: number): number => (TM + TN <= 128 ? 32 : 16);
const MAX_Z = 65535;
/** Work (in 64×64 tiles) below which K is split, and the shortest K slice worth a workgroup. */
const FEW_TILES = 64;
const MIN_SLICE = 1024;

/** The smallest tile side in {16, 32, 64} covering `n` (64 beyond). */
const side = (n: number): number => (n <= 16 ? 16 : n <= 32 ? 32 : 64);

/**
 * Tile rows and columns for an M×N output. Products with few rows and many columns (a first layer's
 * forward pass) get 4- or 8-row tiles 128 columns wide instead of computing 16 rows of which most are
 * padding; narrower ones keep 16 rows.
 */
function tileShape(M: number, N: number): [number, number] {
  if (M <= 8 && N > 64) return [M <= 4 ? 4 : 8, 128];
  return [side(M), side(N)];
}

const DENSE_STORE = (t: string) => /* wgsl */ `
fn store(slot: u32, row: u32, col: u32, v: ${t}) { out[(slot * u32(params[0]) + row) * u32(params[1]) + col] = v; }`;

/** Whether each thread stages one fixed column of B (see GemmSpec.colSetup). */
const hoistsColumns = (TM: number, TN: number, RM: number): boolean => threadsOf(TM, TN, RM) % TN === 0;

/**
 * Rows of C per thread: the tile's height up to the device's `gemmRowsPerThread` (see WebGPUOptions).
 * With 16 (the default on CPU-backed adapters), 64- and 32-row tiles have 4 and 2 rows of threads and
 * tiles of 16 rows or fewer one. Taller blocks reuse each staged B vec4 for more rows (fewer
 * workgroup-memory reads per multiply-add) and make fewer, fuller threads; on a software adapter,
 * against 4-row blocks, 64×64 tiles measured about 25 % (ResNet 3×3 convolution) to 30 % (512³
 * matmul) faster with 16 rows (and faster than with 8), and the LeNet-5 training step about 15–20 %.
 * A one-row workgroup has TN/4 threads (4 for a 16×16 tile), too few for a GPU's SIMD groups, so GPUs
 * keep 4×4 blocks by default.
 */
export const rowsPerThread = (TM: number, maxRows: number): number => Math.min(TM, maxRows);
/** Threads per workgroup: TN/4 columns of threads by TM/RM rows, each an RM×4 block of C. */
const threadsOf = (TM: number, TN: number, RM: number): number => (TN / 4) * (TM / RM);

/** WGSL skipping the indices past `total` when `threads` does not divide it. */
const guard = (total: number, threads: number): string => (total % threads === 0 ? '' : `
      if (idx >= ${total}u) { break; }`);

/** Staging of one K step of A (TM×TK) into tileA[k][m/4][m%4]: scalar loads, or vec4 loads along k. */
function stageA(TM: number, TN: number, RM: number, TK: number, vec: boolean, fit: boolean): string {
  const threads = threadsOf(TM, TN, RM);
  if (!vec) return /* wgsl */ `
    for (var e = 0u; e < ${Math.ceil((TM * TK) / threads)}u; e++) {
      let idx = tid + e * ${threads}u;${guard(TM * TK, threads)}
      let am = idx / ${TK}u;
      let ak = idx % ${TK}u;
      var av = T(0);
      ${fit ? '' : 'if (row0 + am < M && k0 + ak < kEnd) '}{ av = loadA(batch, row0 + am, k0 + ak); }
      tileA[ak][am / 4u][am % 4u] = av;
    }`;
  return /* wgsl */ `
    for (var e = 0u; e < ${Math.ceil((TM * TK) / 4 / threads)}u; e++) {
      let idx = tid + e * ${threads}u;${guard((TM * TK) / 4, threads)}
      let am = idx / ${TK / 4}u;
      let ak = (idx % ${TK / 4}u) * 4u;
      var av = vec4<T>(T(0));
      ${fit ? '' : 'if (row0 + am < M && k0 + ak < kEnd) '}{ av = loadA4(batch, row0 + am, k0 + ak); }
      for (var c = 0u; c < 4u; c++) { tileA[ak + c][am / 4u][am % 4u] = av[c]; }
    }`;
}

/** Staging of one K step of B (TK×TN) into tileB[k][n/4]: scalar loads, or vec4 loads along n. */
function stageB(TM: number, TN: number, RM: number, TK: number, vec: boolean, colSetup: boolean, fit: boolean): string {
  const threads = threadsOf(TM, TN, RM);
  // the column a thread stages is the same at every step when the threads cover whole rows of the tile
  const setupEach = colSetup && !vec && !hoistsColumns(TM, TN, RM) ? 'setupCol(batch, col0 + bn); ' : '';
  if (!vec) return /* wgsl */ `
    for (var e = 0u; e < ${Math.ceil((TN * TK) / threads)}u; e++) {
      let idx = tid + e * ${threads}u;${guard(TN * TK, threads)}
      let bn = idx % ${TN}u;
      let bk = idx / ${TN}u;
      var bv = T(0);
      ${fit ? '' : 'if (k0 + bk < kEnd && col0 + bn < N) '}{ ${setupEach}bv = loadB(batch, k0 + bk, col0 + bn); }
      tileB[bk][bn / 4u][bn % 4u] = bv;
    }`;
  return /* wgsl */ `
    for (var e = 0u; e < ${Math.ceil((TN * TK) / 4 / threads)}u; e++) {
      let idx = tid + e * ${threads}u;${guard((TN * TK) / 4, threads)}
      let bn = (idx % ${TN / 4}u) * 4u;
      let bk = idx / ${TN / 4}u;
      var bv = vec4<T>(T(0));
      ${fit ? '' : 'if (k0 + bk < kEnd && col0 + bn < N) '}{ bv = loadB4(batch, k0 + bk, col0 + bn); }
      tileB[bk][bn / 4u] = bv;
    }`;
}

/**
 * The kernel for TM×TN tiles: (TN/4)×(TM/R) threads, R = rowsPerThread. The staged tiles hold vec4s
 * (four rows of A, four columns of B), so each K step of a thread is 1 + R/4 vec4 reads of workgroup
 * memory and R vec4 multiply-adds into its R×4 block of accumulators.
 */
function gemmBody(t: string, TM: number, TN: number, RM: number, vecA: boolean, vecB: boolean, colSetup: boolean, fit: boolean): string {
  const TK = stepK(TM, TN);
  // vec4 staging: each thread's four columns are the same at every step (threads is a multiple of TN/4)
  const setupOnce = !colSetup ? '' : vecB ? `\n  setupCol(batch, col0 + (tid % ${TN / 4}u) * 4u);`
    : hoistsColumns(TM, TN, RM) ? `\n  setupCol(batch, col0 + tid % ${TN}u);` : '';
  return /* wgsl */ `
alias T = ${t};
var<workgroup> tileA: array<array<vec4<T>, ${TM / 4}>, ${TK}>;
var<workgroup> tileB: array<array<vec4<T>, ${TN / 4}>, ${TK}>;

@compute @workgroup_size(${TN / 4}, ${TM / RM})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = u32(params[0]);
  let N = u32(params[1]);
  let slot = wid.z + u32(params[3]);
  let slices = u32(params[4]);
  let batch = slot / slices;
  let kBegin = (slot % slices) * u32(params[5]);
  let kEnd = min(u32(params[2]), kBegin + u32(params[5]));
  prepare(batch);
  let row0 = wid.y * ${TM}u;
  let col0 = wid.x * ${TN}u;
  let tid = lid.y * ${TN / 4}u + lid.x;${setupOnce}
  var acc: array<vec4<T>, ${RM}>;
  for (var k0 = kBegin; k0 < kEnd; k0 += ${TK}u) {
    // stage A[row0.., k0..] and B[k0.., col0..], zeros past the edges${stageA(TM, TN, RM, TK, vecA, fit)}${stageB(TM, TN, RM, TK, vecB, colSetup, fit)}
    workgroupBarrier();
    for (var kk = 0u; kk < ${TK}u; kk++) {
      let b = tileB[kk][lid.x];${Array.from({ length: RM / 4 }, (_, r) => `
      let a${r} = tileA[kk][lid.y * ${RM / 4}u + ${r}u];
      acc[${4 * r}] += a${r}.x * b;
      acc[${4 * r + 1}] += a${r}.y * b;
      acc[${4 * r + 2}] += a${r}.z * b;
      acc[${4 * r + 3}] += a${r}.w * b;`).join('')}
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < ${RM}u; i++) {
    let row = row0 + lid.y * ${RM}u + i;
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x * 4u + j;
      ${fit ? '' : 'if (row < M && col < N) '}{ store(slot, row, col, acc[i][j]); }
    }
  }
}`;
}

/** K slices for a product whose output is `work` 64×64 tiles. */
function slicesFor(work: number, K: number): number {
  if (work >= FEW_TILES || K < 2 * MIN_SLICE) return 1;
  return Math.min(Math.ceil(K / MIN_SLICE), Math.ceil((4 * FEW_TILES) / work));
}

/** Runs the GEMM into `out` (the last of `buffers`), in dispatches of at most 65535 batch slots. */
export function runGemm(ctx: GpuContext, spec: GemmSpec, buffers: readonly GPUBuffer[]): void {
  const { M, N, K, batch } = spec;
  if (M === 0 || N === 0 || batch === 0) return;
  const [TM, TN] = tileShape(M, N);
  const TK = stepK(TM, TN);
  const RM = rowsPerThread(TM, ctx.gemmRowsPerThread);
  const work = Math.ceil(M / TM) * Math.ceil(N / TN) * batch * ((TM * TN) / 4096);
  const slices = spec.store ? 1 : slicesFor(work, K);
  // slices start at multiples of TK, so vec4 loads along k never straddle a slice's end
  const sliceLen = Math.ceil(K / slices / TK) * TK;
  const out = buffers[buffers.length - 1]!;
  const target = slices === 1 ? out : ctx.alloc(batch * slices * M * N * BYTES_PER_ELEMENT, 'matmul');
  const bound = [...buffers.slice(0, -1), target];
  spec.meta.words[4] = slices;
  spec.meta.words[5] = sliceLen;
  const slots = batch * slices;
  const vecA = !!spec.vec4?.a && K % 4 === 0, vecB = !!spec.vec4?.b && N % 4 === 0;
  // every tile full and every K slice a whole number of steps: no edge tests in the kernel
  const fit = M % TM === 0 && N % TN === 0 && K % TK === 0 && sliceLen * slices === K;
  for (let first = 0; first < slots; first += MAX_Z) {
    spec.meta.words[3] = first;
    ctx.run({
      key: `gemm:${spec.key}:${spec.type}:${TM}x${TN}r${RM}:${vecA ? 'a4' : 'a'}${vecB ? 'b4' : 'b'}${fit ? ':fit' : ''}`,
      bindings: spec.bindings,
      workgroupSize: [TN / 4, TM / RM],
      dispatch: [Math.ceil(N / TN), Math.ceil(M / TM), Math.min(MAX_Z, slots - first)],
      source: () => `${spec.helpers()}\n${spec.store ?? DENSE_STORE(spec.type)}\n${gemmBody(spec.type, TM, TN, RM, vecA, vecB, !!spec.colSetup, fit)}`,
    }, bound, spec.meta);
  }
  if (slices === 1) return;
  // sum the slices: partial [batch, slices, M, N] read as [batch, M, N, slices]
  const dtype = spec.type === 'f32' ? 'float32' : 'int32';
  const summed = reduce(ctx, 'sum', {
    buffer: target, dtype, shape: [batch, M, N, slices], strides: [slices * M * N, N, 1, M * N], offset: 0,
  }, [3], dtype);
  ctx.copy(summed, 0, out, 0, batch * M * N * BYTES_PER_ELEMENT);
  ctx.free(summed);
  ctx.free(target);
}

/** A meta laid out for runGemm (M, N, K, first slot, slices, slice length); callers append their own. */
export function gemmMeta(M: number, N: number, K: number): Meta {
  const meta = new Meta();
  meta.push(M, N, K, 0, 1, K);
  return meta;
}
