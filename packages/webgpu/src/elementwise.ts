import { DTypeError, type Activation, type BinaryOp, type DType, type UnaryOp, type View } from '@dnn/tensor';
import type { GpuContext } from './context';
import { BYTES_PER_ELEMENT, bufferBytes, wgslType, type WgslType } from './dtypes';
import { collapse, isDense } from './layout';
import { BINARY_OPS, UNARY_OPS, numel, type OpFlags } from '@dnn/tensor/backend';
import { linearDispatch, Meta, WG, type Program } from './program';
import { biasActivationRows } from './kernels/bias-activation';

/**
 * Every element-wise op of the contract as WGSL expressions over `a` (and `b`), in one table; the
 * kernels are generated from it. `f` computes in f32, `i` (when present) in i32 for integer inputs;
 * ops without `i` compute integers in f32, as the CPU backend does in doubles. Ops with the `test`
 * flag in @dnn/tensor's op table yield a WGSL bool (stored as a bool tensor); logical ops read their
 * inputs as truth values.
 */
interface OpEntry {
  readonly f: string;
  readonly i?: string;
}

/** Test and logical ops (the `test` flag of @dnn/tensor's op table) yield a WGSL bool. */
const yields = (op: UnaryOp | BinaryOp): 'bool' | 'value' =>
  ((UNARY_OPS as Record<string, OpFlags>)[op] ?? (BINARY_OPS as Record<string, OpFlags>)[op])?.test ? 'bool' : 'value';

export const UNARY: { readonly [K in UnaryOp]: OpEntry } = {
  neg: { f: '-a', i: '-a' },
  abs: { f: 'abs(a)', i: 'abs(a)' },
  sign: { f: 'signF(a)', i: 'sign(a)' },
  exp: { f: 'exp(a)' },
  expm1: { f: 'expm1F(a)' },
  log: { f: 'logF(a)' },
  log1p: { f: 'log1pF(a)' },
  sqrt: { f: 'sqrtF(a)' },
  rsqrt: { f: '1.0 / sqrtF(a)' },
  reciprocal: { f: '1.0 / a' },
  sin: { f: 'sin(a)' },
  cos: { f: 'cos(a)' },
  tanh: { f: 'tanhF(a)' },
  sigmoid: { f: 'sigmoidF(a)' },
  logSigmoid: { f: 'logSigmoidF(a)' },
  // PyTorch's x < 0 ? 0 : x, as on the CPU: NaN (and -0) pass through, so NaN weights stay visible
  relu: { f: 'reluF(a)', i: 'max(a, 0)' },
  erf: { f: 'erfF(a)' },
  floor: { f: 'floor(a)', i: 'a' },
  ceil: { f: 'ceil(a)', i: 'a' },
  // WGSL's round() rounds half to even, as PyTorch does
  round: { f: 'round(a)', i: 'a' },
  logicalNot: { f: '!truthF(a)', i: 'a == 0' },
  isnan: { f: 'isNanF(a)', i: 'false' },
  isfinite: { f: '!isNanF(a) && !isInfF(a)', i: 'true' },
};

export const BINARY: { readonly [K in BinaryOp]: OpEntry } = {
  add: { f: 'a + b', i: 'a + b' },
  sub: { f: 'a - b', i: 'a - b' },
  mul: { f: 'a * b', i: 'a * b' },
  div: { f: 'a / b' },
  pow: { f: 'powF(a, b)' },
  // NaN in either input wins, as on the CPU
  maximum: { f: 'select(b, a, isNanF(a) || (ordered(a, b) && a > b))', i: 'max(a, b)' },
  minimum: { f: 'select(b, a, isNanF(a) || (ordered(a, b) && a < b))', i: 'min(a, b)' },
  atan2: { f: 'atan2F(a, b)' },
  remainder: { f: 'remF(a, b)', i: 'remI(a, b)' },
  // explicit NaN guards: any comparison with NaN is false, except ne
  eq: { f: 'ordered(a, b) && a == b', i: 'a == b' },
  ne: { f: '!(ordered(a, b) && a == b)', i: 'a != b' },
  lt: { f: 'ordered(a, b) && a < b', i: 'a < b' },
  le: { f: 'ordered(a, b) && a <= b', i: 'a <= b' },
  gt: { f: 'ordered(a, b) && a > b', i: 'a > b' },
  ge: { f: 'ordered(a, b) && a >= b', i: 'a >= b' },
  logicalAnd: { f: 'truthF(a) && truthF(b)', i: 'a != 0 && b != 0' },
  logicalOr: { f: 'truthF(a) || truthF(b)', i: 'a != 0 || b != 0' },
  logicalXor: { f: 'truthF(a) != truthF(b)', i: '(a != 0) != (b != 0)' },
};

/** Math helpers the table's expressions use; each guards the cases WGSL leaves undefined. */
export const MATH = /* wgsl */ `
fn signF(a: f32) -> f32 { if (isNanF(a)) { return a; } return sign(a); }
fn reluF(a: f32) -> f32 { return select(a, 0.0, ordered(a, 0.0) && a < 0.0); }
fn logF(a: f32) -> f32 {
  if (isNanF(a) || a < 0.0) { return nanF(); }
  if (a == 0.0) { return -infF(); }
  return log(a);
}
fn sqrtF(a: f32) -> f32 { if (a < 0.0) { return nanF(); } return sqrt(a); }
// Near 0, exp(x) - 1 cancels. Kahan's (u - 1)·x / log(u) would fix it, but shader compilers may fold
// log(exp(x)) into x; a Taylor series to x⁸/8! is below float32 rounding for |x| < 0.5 instead.
fn expm1F(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    return x + x * x * (0.5 + x * (0.16666667 + x * (0.041666668 + x * (0.008333334 + x * (0.0013888889
      + x * (0.0001984127 + x * 0.0000248016))))));
  }
  return exp(x) - 1.0;
}
// log1p near 0 as 2·atanh(s), s = x / (2 + x), by its series (|s| ≤ 1/7 for |x| < 1/4, six terms);
// Kahan's log(u)·x / (u - 1) would need the compiler to keep (1 + x) - 1 unfolded, which it may not.
fn log1pF(x: f32) -> f32 {
  if (abs(x) < 0.25) {
    let t = x / (2.0 + x);
    let t2 = t * t;
    return 2.0 * t * (1.0 + t2 * (0.33333334 + t2 * (0.2 + t2 * (0.14285715 + t2 * (0.11111111 + t2 * 0.09090909)))));
  }
  return logF(1.0 + x);
}
// atan on [0, ∞] with Cephes' atanf reduction and polynomial (about 2e-7 relative error); the
// built-in atan2 of some drivers is off by 1e-5.
fn atanPos(t: f32) -> f32 {
  var base = 0.0;
  var x = t;
  if (t > 2.4142135) { base = 1.5707964; x = -1.0 / t; }
  else if (t > 0.41421357) { base = 0.7853982; x = (t - 1.0) / (t + 1.0); }
  let z = x * x;
  return base + (((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z * x + x;
}
fn signBit(v: f32) -> bool { return (bitcast<u32>(v) >> 31u) == 1u; }
// Math.atan2's rules for zeros and infinities, atanPos for the rest
fn atan2F(y: f32, x: f32) -> f32 {
  if (isNanF(x) || isNanF(y)) { return nanF(); }
  var a: f32;
  if (isInfF(x) && isInfF(y)) { a = 0.7853982; }
  else if (y == 0.0 || isInfF(x)) { a = 0.0; }
  else if (x == 0.0 || isInfF(y)) { a = 1.5707964; }
  else { a = atanPos(abs(y) / abs(x)); }
  if (signBit(x)) { a = 3.1415927 - a; }
  return select(a, -a, signBit(y));
}
// tanh through expm1: accurate near 0, and no inf/inf for large |x|.
fn tanhF(x: f32) -> f32 {
  if (isNanF(x)) { return x; }
  if (abs(x) > 10.0) { return sign(x); }
  let e = expm1F(2.0 * x);
  return e / (e + 2.0);
}
fn sigmoidF(x: f32) -> f32 {
  let e = exp(-abs(x));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= 0.0);
}
// log σ(x) = min(x, 0) - log(1 + e^{-|x|}): e^{-|x|} ≤ 1 never overflows, log1pF keeps tiny tails
fn logSigmoidF(x: f32) -> f32 {
  if (isNanF(x)) { return x; }
  return min(x, 0.0) - log1pF(exp(-abs(x)));
}
// erf with at most ~1 ulp error (minimax polynomials after N. Juffa).
fn erfF(a: f32) -> f32 {
  let t = abs(a);
  let s = a * a;
  if (t > 0.927734375) {
    var r = fma(-1.72853470e-5, t, 3.83197126e-4);
    let u = fma(-3.88396438e-3, t, 2.42546219e-2);
    r = fma(r, s, u);
    r = fma(r, t, -1.06777877e-1);
    r = fma(r, t, -6.34846687e-1);
    r = fma(r, t, -1.28717512e-1);
    r = fma(r, t, -t);
    r = 1.0 - exp(r);
    return select(r, -r, a < 0.0);
  }
  var r = -5.96761703e-4;
  r = fma(r, s, 4.99119423e-3);
  r = fma(r, s, -2.67681349e-2);
  r = fma(r, s, 1.12819925e-1);
  r = fma(r, s, -3.76125336e-1);
  r = fma(r, s, 1.28379166e-1);
  return fma(r, a, a);
}
// Math.pow's rules: x^0 = 1, negative bases need integer exponents, odd ones keep the sign.
fn powF(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (isNanF(a) || isNanF(b)) { return nanF(); }
  if (b == 1.0) { return a; }
  if (b == 2.0) { return a * a; }
  let m = abs(a);
  var r: f32;
  if (m == 0.0) { r = select(infF(), 0.0, b > 0.0); } else { r = exp2(b * log2(m)); }
  if (a < 0.0) {
    if (floor(b) != b) { return nanF(); }
    if (abs(b) < 16777216.0 && floor(b * 0.5) != b * 0.5) { r = -r; }
  }
  return r;
}
// Python-style remainder: the result takes the divisor's sign.
fn remF(a: f32, b: f32) -> f32 { return a - floor(a / b) * b; }
fn remI(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let r = a % b;
  return select(r, r + b, r != 0 && ((r < 0) != (b < 0)));
}
`;

/** WGSL converting `e` (of stored type `from`) to stored type `to`; bool is 0/1 in a u32. */
export function castWgsl(e: string, from: WgslType, to: WgslType): string {
  if (from === to) return e;
  // halves widen exactly to f32; anything narrows to f16 through f32, rounded to nearest even (half.ts)
  if (from === 'f16') return castWgsl(`f32(${e})`, 'f32', to);
  if (to === 'f16') return `toHalf(${castWgsl(e, from, 'f32')})`;
  if (to === 'u32') return from === 'f32' ? `select(0u, 1u, truthF(${e}))` : `select(0u, 1u, (${e}) != ${from}(0))`;
  if (to === 'i32' && from === 'f32') return `toI32(${e})`;
  return `${to}(${e})`;
}

interface EwInput {
  readonly view: View<GPUBuffer>;
  /** Load as this type instead of the compute type. */
  readonly as?: WgslType;
}

/**
 * The one generator of the family: out[i] = expr(inputs read through their views at element i), with
 * inputs named a, b, c, loaded as `compute`. `expr` may yield a WGSL bool (`yields`).
 */
function runElementwise(
  ctx: GpuContext, name: string, expr: string, yields: 'bool' | 'value', compute: WgslType,
  inputs: readonly EwInput[], shape: readonly number[], outDtype: DType,
): GPUBuffer {
  const outType = wgslType(outDtype, name);
  const n = numel(shape);
  const out = ctx.alloc(bufferBytes(outDtype, n), name);
  if (n === 0) return out;
  const c = collapse(shape, inputs.map((x) => x.view.strides));
  const rank = c.shape.length;
  const vec = vectorLayout(n, inputs, c.shape, c.strides);
  if (vec) return runVec4(ctx, name, expr, yields, compute, inputs, vec, c, n, outType, out);
  const meta = new Meta();
  meta.push(n, ...c.shape);
  const viewAt = inputs.map((x, k) => meta.view(x.view.offset, c.strides[k]!));
  const types = inputs.map((x) => wgslType(x.view.dtype, name));
  const dense = inputs.map((_, k) => isDense(c.shape, c.strides[k]!));
  const names = ['a', 'b', 'c'];
  const result = yields === 'bool' ? `select(0u, 1u, ${expr})` : expr;
  const resultType: WgslType = yields === 'bool' ? 'u32' : compute;
  const program: Program = {
    key: `ew:${name}:${compute}>${outType}:r${rank}:${types.map((t, k) => t + (inputs[k]!.as ?? '') + (dense[k] ? 'd' : 's')).join(',')}`,
    bindings: [...inputs.map((_, k) => ({ name: `x${k}`, type: types[k]!, access: 'read' as const })), { name: 'out', type: outType, access: 'read_write' }],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(n),
    source: () => `${MATH}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg, ${WG}u);
  if (i >= u32(params[0])) { return; }
${inputs.map((_, k) => {
  const pos = dense[k] ? `u32(params[${viewAt[k]}]) + i` : `stridedPos(i, ${rank}u, 1u, ${viewAt[k]}u)`;
  return `  let ${names[k]} = ${castWgsl(`x${k}[${pos}]`, types[k]!, inputs[k]!.as ?? compute)};`;
}).join('\n')}
  out[i] = ${castWgsl(result, resultType, outType)};
}`,
  };
  ctx.run(program, [...inputs.map((x) => x.view.buffer), out], meta);
  return out;
}

type VecKind = 'v' | 's' | 'q';

/** Table expressions that mean the same on vec4s, lane by lane (IEEE arithmetic, no helper functions). */
const VEC4_EXPRESSIONS = new Set(['a + b', 'a - b', 'a * b', 'a / b', '-a', 'a']);

/**
 * How each input is read when a thread computes four consecutive outputs: 'v' (contiguous from an
 * offset that is a multiple of 4: one vec4 load), 's' (one broadcast value) or 'q' (constant within
 * each group of four, as a per-channel bias over images whose planes have a multiple of 4 pixels: one
 * strided load). Null when an input is none of these. Pooled buffers are multiples of 16 bytes, so
 * the last vec4 may run past `n` and stay inside every buffer.
 */
function vectorLayout(n: number, inputs: readonly EwInput[], shape: readonly number[], strides: readonly (readonly number[])[]): VecKind[] | null {
  if (n < 16) return null;
  const inner = shape[shape.length - 1]!;
  const contiguous = (st: readonly number[]) => {
    let expect = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (st[d] !== expect) return false;
      expect *= shape[d]!;
    }
    return true;
  };
  const kinds = inputs.map((x, k): VecKind | null => {
    const st = strides[k]!;
    if (st.every((s) => s === 0)) return 's';
    if (contiguous(st) && x.view.offset % 4 === 0) return 'v';
    return st[st.length - 1] === 0 && inner % 4 === 0 ? 'q' : null;
  });
  return kinds.every((k) => k !== null) ? (kinds as VecKind[]) : null;
}

/**
 * Large element-wise ops give each thread several quads (grid-stride, so neighbouring threads still
 * read neighbouring memory): a quarter of the workgroups, each doing four times the work, measured
 * about 20 % faster on a 1M-element add; smaller ops keep one quad per thread so they still spread
 * over many workgroups.
 */
const QUADS_PER_THREAD = 4;
const MANY_QUADS = 1 << 16;

/** The vec4 form of runElementwise (see vectorLayout). */
function runVec4(
  ctx: GpuContext, name: string, expr: string, yields: 'bool' | 'value', compute: WgslType,
  inputs: readonly EwInput[], kinds: readonly VecKind[], c: { shape: number[]; strides: number[][] }, n: number,
  outType: WgslType, out: GPUBuffer,
): GPUBuffer {
  const quads = Math.ceil(n / 4);
  const rank = c.shape.length;
  const meta = new Meta();
  meta.push(quads, ...c.shape);
  const viewAt = inputs.map((x, k) => meta.view(x.view.offset, c.strides[k]!));
  const types = inputs.map((x) => wgslType(x.view.dtype, name));
  const names = ['a', 'b', 'c'];
  const result = yields === 'bool' ? `select(0u, 1u, ${expr})` : expr;
  const resultType: WgslType = yields === 'bool' ? 'u32' : compute;
  const fetch = (k: number) => {
    if (kinds[k] === 'v') return `let q${k} = x${k}[u32(params[${viewAt[k]}]) / 4u + i];`;
    const pos = kinds[k] === 's' ? `u32(params[${viewAt[k]}])` : `stridedPos(i * 4u, ${rank}u, 1u, ${viewAt[k]}u)`;
    return `let s${k} = x${k}[${pos}];`;
  };
  const load = (k: number) => castWgsl(kinds[k] === 'v' ? `q${k}[e]` : `s${k}`, types[k]!, inputs[k]!.as ?? compute);
  // arithmetic on operands already of the output type: the expression itself on vec4s, no per-lane loop
  const whole = VEC4_EXPRESSIONS.has(expr) && yields === 'value' && compute === outType && types.every((t, k) => t === compute && !inputs[k]!.as);
  const lanes = whole
    ? `${inputs.map((_, k) => `  let ${names[k]} = ${kinds[k] === 'v' ? `q${k}` : `vec4<${compute}>(s${k})`};`).join('\n')}
  out[i] = ${expr};`
    : `  var r: vec4<${outType}>;
  for (var e = 0u; e < 4u; e++) {
${inputs.map((_, k) => `    let ${names[k]} = ${load(k)};`).join('\n')}
    r[e] = ${castWgsl(result, resultType, outType)};
  }
  out[i] = r;`;
  const per = quads >= MANY_QUADS ? QUADS_PER_THREAD : 1;
  ctx.run({
    key: `ew4${whole ? 'w' : ''}${per > 1 ? `x${per}` : ''}:${name}:${compute}>${outType}:r${rank}:${types.map((t, k) => t + (inputs[k]!.as ?? '') + kinds[k]).join(',')}`,
    bindings: [
      ...inputs.map((_, k) => ({ name: `x${k}`, type: kinds[k] === 'v' ? `vec4<${types[k]!}>` as const : types[k]!, access: 'read' as const })),
      { name: 'out', type: `vec4<${outType}>`, access: 'read_write' },
    ],
    workgroupSize: [WG, 1],
    dispatch: linearDispatch(Math.ceil(quads / per)),
    source: () => `${MATH}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let first = flatIndex(gid, nwg, ${WG}u);
  for (var r = 0u; r < ${per}u; r++) {
  // the grid's threads take consecutive quads in each of the ${per} passes
  let i = first + r * nwg.x * nwg.y * ${WG}u;
  if (i >= u32(params[0])) { return; }
${inputs.map((_, k) => `  ${fetch(k)}`).join('\n')}
${lanes}
  }
}`,
  }, [...inputs.map((x) => x.view.buffer), out], meta);
  return out;
}

/** f32 when any input is float (or the op has no integer form), else i32 (bools read as 0/1). */
function computeType(op: UnaryOp | BinaryOp, entry: OpEntry, dtypes: readonly DType[], outDtype: DType): 'f32' | 'i32' {
  const anyFloat = dtypes.some((d) => d === 'float32' || d === 'float64' || d === 'float16');
  if (anyFloat || !entry.i || (outDtype === 'float32' && yields(op) === 'value')) return 'f32';
  return 'i32';
}

export function unary(ctx: GpuContext, op: UnaryOp, x: View<GPUBuffer>, outDtype: DType): GPUBuffer {
  const entry = UNARY[op];
  const compute = computeType(op, entry, [x.dtype], outDtype);
  const expr = compute === 'f32' ? entry.f : entry.i!;
  return runElementwise(ctx, op, expr, yields(op), compute, [{ view: x }], x.shape, outDtype);
}

export function binary(ctx: GpuContext, op: BinaryOp, a: View<GPUBuffer>, b: View<GPUBuffer>, shape: readonly number[], outDtype: DType): GPUBuffer {
  const entry = BINARY[op];
  const compute = computeType(op, entry, [a.dtype, b.dtype], outDtype);
  const expr = compute === 'f32' ? entry.f : entry.i!;
  return runElementwise(ctx, op, expr, yields(op), compute, [{ view: a }, { view: b }], shape, outDtype);
}

/** out = cond ? a : b; a and b are loaded converted to the output type, and so is cond before its truth test. */
export function where(
  ctx: GpuContext, cond: View<GPUBuffer>, a: View<GPUBuffer>, b: View<GPUBuffer>, shape: readonly number[], outDtype: DType,
): GPUBuffer {
  const outType = wgslType(outDtype, 'where');
  const truth = cond.dtype === 'bool' || outType === 'u32' ? 'a != 0u' : outType === 'f32' ? 'truthF(a)' : 'a != 0';
  const condCompute = cond.dtype === 'bool' ? 'u32' : outType;
  // the generic loader names the inputs a (cond), b (if true), c (if false)
  return runElementwise(ctx, 'where', `select(c, b, ${truth})`, 'value', outType,
    [{ view: cond, as: condCompute }, { view: a }, { view: b }], shape, outDtype);
}

/** The activations of biasActivation as WGSL functions of the float sum (the unary table's float forms). */
export const ACTIVATION_FN: { readonly [K in Activation]: string } = { identity: '', relu: 'reluF', sigmoid: 'sigmoidF', tanh: 'tanhF' };

/**
 * act(x + bias) in one kernel, bias broadcast to x's shape: the f32 sum rounded, then the activation, as
 * the add and the activation kernels compute them one after the other (so the same bits), in one pass
 * and without the intermediate buffer. A per-channel bias over planes of a multiple of 4 runs as vec4s.
 */
export function biasActivation(ctx: GpuContext, x: View<GPUBuffer>, bias: View<GPUBuffer>, activation: Activation): GPUBuffer {
  if (wgslType(x.dtype, 'biasActivation') !== 'f32') throw new DTypeError(`biasActivation: expected float tensors, got ${x.dtype}`);
  const rows = biasActivationRows(ctx, x, bias, activation);
  if (rows) return rows;
  const fn = ACTIVATION_FN[activation];
  return runElementwise(ctx, `biasActivation:${activation}`, fn ? `${fn}(a + b)` : 'a + b', 'value', 'f32',
    [{ view: x }, { view: bias }], x.shape, x.dtype);
}

/** relu's gradient dy·[x ≰ 0] in one kernel (NaN in x passes dy through, as on the CPU). */
export function reluBackward(ctx: GpuContext, dy: View<GPUBuffer>, x: View<GPUBuffer>): GPUBuffer {
  const compute = dy.dtype === 'float32' ? 'f32' : 'i32';
  const expr = compute === 'f32' ? 'a * select(1.0, 0.0, ordered(b, 0.0) && b <= 0.0)' : 'a * select(1, 0, b <= 0)';
  return runElementwise(ctx, 'reluBackward', expr, 'value', compute, [{ view: dy }, { view: x, as: compute }], dy.shape, dy.dtype);
}

/** Strided → contiguous, converting to `dtype`; a plain buffer copy when nothing needs converting. */
export function copy(ctx: GpuContext, x: View<GPUBuffer>, dtype: DType): GPUBuffer {
  const n = numel(x.shape);
  const inType = wgslType(x.dtype, 'copy');
  const outType = wgslType(dtype, 'copy');
  const c = collapse(x.shape, [x.strides]);
  // a byte copy needs 4-byte aligned offsets: halves from an even element only (sizes round up to a word)
  if (inType === outType && isDense(c.shape, c.strides[0]!) && (inType !== 'f16' || x.offset % 2 === 0)) {
    const out = ctx.alloc(bufferBytes(dtype, n), 'copy');
    const size = inType === 'f16' ? Math.ceil(n / 2) * 4 : n * BYTES_PER_ELEMENT;
    ctx.copy(x.buffer, inType === 'f16' ? x.offset * 2 : x.offset * BYTES_PER_ELEMENT, out, 0, size);
    return out;
  }
  return runElementwise(ctx, 'copy', 'a', 'value', inType, [{ view: x }], x.shape, dtype);
}
