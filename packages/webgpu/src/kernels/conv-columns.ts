import type { Conv2dSpec, View } from '@dnn/tensor';
import type { GpuContext } from '../context';
import { BYTES_PER_ELEMENT } from '../dtypes';
import { numel } from '@dnn/tensor/backend';
import { linearDispatch, MAX_GROUPS, Meta, WG } from '../program';
import { at4, BINDINGS, checkFloat, convMeta, geometry, pushGeometry, SPLIT_TAP } from './conv-geometry';
import { runGemm } from './gemm';

/**
 * The input gradient through columns, in two passes:
 *   cols[g, (c,i,j), (n,p)] = Σ_m w[g·Og + m, c, i, j] · dy[n, g·Og + m, p]      (one GEMM, K = Og)
 *   dx[n, g·Cg + c, y, x]   = Σ_{i,j} cols[g, (c,i,j), (n, p)] over the taps whose output pixel p exists
 * The implicit GEMM of conv.ts costs Cg·H·W·Og·KH·KW per image, this one Cg·KH·KW·Ho·Wo·Og plus a
 * KH·KW-term gather per input pixel: less when the output has fewer pixels than the input (valid
 * convolutions with large kernels, strided ones; LeNet's C5 by 25 times), and its loads need far
 * less index arithmetic; and when a group has fewer than 4 input channels (a first layer's 1 or 3),
 * whose implicit GEMM would have that few rows. The columns take Cg·KH·KW·Nb·Ho·Wo floats, so large problems stay implicit.
 */

/** Column elements (floats) beyond which the input gradient stays an implicit GEMM. */
const MAX_COLUMNS = 1 << 24;

/** Whether the input gradient of x [Nb, C, H, W] from dy [Nb, O, Ho, Wo] and w [O, Cg, KH, KW] goes through columns. */
export function useColumns(xs: readonly number[], ys: readonly number[], ws: readonly number[]): boolean {
  const [Nb, C, H, W] = xs as [number, number, number, number];
  const [, , Ho, Wo] = ys as [number, number, number, number];
  const [, Cg, KH, KW] = ws as [number, number, number, number];
  // every group's columns; the GEMM's columns must fit the dispatch grid even at its narrowest tiles
  const cols = C * KH * KW * Nb * Ho * Wo;
  // few input channels per group: the implicit GEMM has Cg rows, mostly padding in a tile of 4 or more
  return (Ho * Wo < H * W || Cg < 4) && cols > 0 && cols <= MAX_COLUMNS && Nb * Ho * Wo <= MAX_GROUPS * 16;
}

export function backwardInputByColumns(
  ctx: GpuContext, dy: View<GPUBuffer>, w: View<GPUBuffer>, s: Conv2dSpec, xShape: readonly number[],
): GPUBuffer {
  const op = 'conv2dBackwardInput';
  checkFloat([dy, w], op);
  const [Nb, , Ho, Wo] = dy.shape as [number, number, number, number];
  const [O, Cg, KH, KW] = w.shape as [number, number, number, number];
  const G = s.groups;
  const M = Cg * KH * KW, N = Nb * Ho * Wo;
  const cols = ctx.alloc(G * M * N * BYTES_PER_ELEMENT, op);
  const { meta, geo, at, values, shapeKey } = convMeta(M, N, O / G, xShape, w.shape, dy.shape, s, [dy, w]);
  runGemm(ctx, {
    key: `conv2dColumns:${shapeKey}`, type: 'f32', bindings: BINDINGS('dy', 'w'),
    M, N, K: O / G, batch: G, meta,
    helpers: () => `${geometry(geo, values)}
fn prepare(g: u32) {}
// row r = (c·KH + i)·KW + j of group g's transposed filters
fn loadA(g: u32, r: u32, m: u32) -> f32 {${SPLIT_TAP('r')}
  return ${at4('w', at[1]!, 'i32(g) * (O() / G()) + i32(m)', 'c', 'i', 'j')};
}
// column (n, oy, ox) of every image's output pixels
fn loadB(g: u32, m: u32, col: u32) -> f32 {
  let n = i32(col) / (HO() * WO());
  let p = i32(col) % (HO() * WO());
  return ${at4('dy', at[0]!, 'n', 'i32(g) * (O() / G()) + i32(m)', 'p / WO()', 'p % WO()')};
}`,
  }, [dy.buffer, w.buffer, cols]);

  const size = numel(xShape);
  const out = ctx.alloc(size * BYTES_PER_ELEMENT, op);
  const gm = new Meta();
  gm.push(size, Nb);
  const g0 = pushGeometry(gm, xShape, w.shape, dy.shape, s);
  ctx.run({
    key: `conv2dColumnsGather:${shapeKey}`,
    bindings: [{ name: 'cols', type: 'f32', access: 'read' }, { name: 'out', type: 'f32', access: 'read_write' }],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(size),
    source: () => /* wgsl */ `${geometry(g0, values)}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let o = flatIndex(gid, nwg, ${WG}u);
  if (o >= u32(params[0])) { return; }
  let xx = i32(o) % W();
  let y = (i32(o) / W()) % H();
  let ch = (i32(o) / (W() * H())) % C();
  let n = i32(o) / (W() * H() * C());
  let g = ch / CG();
  let c = ch % CG();
  let rows = CG() * KH() * KW();
  let ncols = params[1] * HO() * WO();
  var acc = 0.0;
  for (var i = 0; i < KH(); i++) {
    let ty = y + PH() - i * DH();
    if (ty < 0 || ty % SH() != 0 || ty / SH() >= HO()) { continue; }
    for (var j = 0; j < KW(); j++) {
      let tx = xx + PW() - j * DW();
      if (tx < 0 || tx % SW() != 0 || tx / SW() >= WO()) { continue; }
      let col = (n * HO() + ty / SH()) * WO() + tx / SW();
      acc += cols[u32((g * rows + (c * KH() + i) * KW() + j) * ncols + col)];
    }
  }
  out[o] = acc;
}`,
  }, [cols, out], gm);
  ctx.free(cols);
  return out;
}
