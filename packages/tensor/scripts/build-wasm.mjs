#!/usr/bin/env node
// Assembles the WebAssembly kernels (src/backend/wasm/wat/*.wat) with wabt and writes their bytes as
// base64 into src/backend/wasm/kernels-*.wasm.ts, so the package loads them in Node and browsers
// without a bundler plug-in. One module is shipped, the build importing a shared memory (worker threads);
// the plain-memory build (where SharedArrayBuffer is unavailable) differs from it in one byte, the memory
// import's limits flag, so the runtime derives it instead of shipping the module twice (half the bytes
// every page loads). The script assembles both and fails unless that is so. `--check` fails when the
// committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

const WASM_DIR = fileURLToPath(new URL('../src/backend/wasm/', import.meta.url));
/** Module order: later files call functions of earlier ones (WAT resolves names module-wide anyway). */
export const SOURCES = ['gemm.wat', 'gemm-macro.wat', 'gemm-packed.wat', 'conv.wat', 'winograd.wat', 'rowwino.wat', 'pool.wat', 'elementwise.wat', 'predicates.wat', 'trig.wat', 'erf.wat', 'atan2.wat', 'pow.wat', 'binary.wat', 'unary.wat', 'reduce.wat', 'reduce-more.wat', 'optim.wat', 'relu.wat', 'sparse.wat', 'batchnorm.wat', 'colsum.wat', 'rnn.wat', 'rnnseq.wat', 'epilogue.wat', 'gather.wat', 'tasks.wat'];
/** Files assembled only into the relaxed-SIMD module (fusedText), never into the kernels. */
export const FUSED_ONLY_SOURCES = ['rowwino-fused.wat'];
/** Initial and maximum pages of the imported memory (64 KiB each; 2 GiB keeps addresses positive as i32). */
const MEMORY = '1 32768';

/**
 * What the fused build exports and the kernels import (as `env.<import>`, function `$<local>`): the GEMM
 * macro-kernel (gemm-macro.wat) and the row-Winograd product loops (rowwino-fused.wat), with their parameters.
 */
export const FUSED_FUNCTIONS = [
  { export: 'macro', import: 'gemm_macro_fast', local: 'macro_fast', own: 'macro', params: '(param i32 i32 i32 i32 i32 i32 i32 i32 i32)' },
  { export: 'rw_columns', import: 'rw_columns_fast', local: 'rw_columns_fast', own: 'rw_columns_fused', params: '(param i32 i32 i32 i32 i32 i32)' },
  { export: 'rw_dw_columns', import: 'rw_dw_columns_fast', local: 'rw_dw_columns_fast', own: 'rw_dw_columns_fused', params: '(param i32 i32 i32 i32 i32)' },
];

function moduleText(shared) {
  const body = SOURCES.map((f) => `;; ---- ${f}\n${readFileSync(`${WASM_DIR}wat/${f}`, 'utf8')}`).join('\n');
  const imports = FUSED_FUNCTIONS.map((f) => `(import "env" "${f.import}" (func $${f.local} ${f.params}))\n`).join('');
  return `(module\n(import "env" "memory" (memory ${MEMORY}${shared ? ' shared' : ''}))\n${imports}${body}\n)\n`;
}

/** The tile's multiply-add, `(f32x4.add (local.get $cXY) (f32x4.mul (local.get $a) (local.get $bY)))`. */
const MUL_ADD = /\(f32x4\.add \(local\.get (\$c\d\d)\) \(f32x4\.mul \(local\.get \$a\) \(local\.get (\$b\d)\)\)\)/g;
/** Multiply-adds in the 4×8 tile: 8 accumulators, the k loop unrolled by 4. */
const TILE_MUL_ADDS = 32;

/**
 * The small relaxed-SIMD module: the macro-kernel with its tile's multiply-adds fused, and the
 * row-Winograd product loops written with fused multiply-adds (rowwino-fused.wat). Loaded where the
 * engine validates it, and passed to the kernels as their `*_fast` imports.
 */
function fusedText(shared) {
  const src = readFileSync(`${WASM_DIR}wat/gemm-macro.wat`, 'utf8');
  const n = src.match(MUL_ADD)?.length ?? 0;
  if (n !== TILE_MUL_ADDS) throw new Error(`build-wasm: expected ${TILE_MUL_ADDS} multiply-adds in gemm-macro.wat, found ${n}`);
  const fused = src.replace(MUL_ADD, '(f32x4.relaxed_madd (local.get $a) (local.get $2) (local.get $1))');
  const rowwino = FUSED_ONLY_SOURCES.map((f) => readFileSync(`${WASM_DIR}wat/${f}`, 'utf8')).join('\n');
  const exports = FUSED_FUNCTIONS.map((f) => `(export "${f.export}" (func $${f.own}))`).join('\n');
  return `(module\n(import "env" "memory" (memory ${MEMORY}${shared ? ' shared' : ''}))\n${fused}\n${rowwino}\n${exports}\n)\n`;
}

async function assemble(wabt, shared, fused = false) {
  const features = { simd: true, threads: true, bulk_memory: true, multi_value: true, relaxed_simd: fused };
  const text = fused ? fusedText(shared) : moduleText(shared);
  const mod = wabt.parseWat(`${fused ? 'gemm-fused' : 'kernels'}${shared ? '-shared' : ''}.wat`, text, features);
  let bytes;
  try {
    bytes = Buffer.from(mod.toBinary({ write_debug_names: true }).buffer);
  } finally {
    mod.destroy();
  }
  // validated by the engine itself (wabt's validate() ignores the feature flags); throws with the reason.
  // Node 20 (V8 11.3) validates relaxed SIMD only behind a flag, which this build tool may set.
  if (fused && !WebAssembly.validate(bytes)) setFlagsFromString('--experimental-wasm-relaxed-simd');
  new WebAssembly.Module(bytes);
  return bytes;
}

/** 100-character lines of base64, joined at load time (keeps the generated file diffable). */
function chunked(bytes) {
  const b64 = bytes.toString('base64');
  const lines = [];
  for (let i = 0; i < b64.length; i += 100) lines.push(`  '${b64.slice(i, i + 100)}',`);
  return `[\n${lines.join('\n')}\n].join('')`;
}

const HEADER = '// Generated by scripts/build-wasm.mjs from wat/*.wat: do not edit; run `pnpm --filter @dnn/tensor build:wasm`.';

/** Limits flag of a memory import with a maximum: plain and shared (the wasm threads proposal). */
const PLAIN_WITH_MAX = 1;
const SHARED_WITH_MAX = 3;

/**
 * The byte at which the plain build differs from the shared one; throws unless it is the only
 * difference and holds the two limits flags, so deriving one build from the other is exact.
 */
export function memoryFlagOffset(shared, plain) {
  const at = [];
  for (let i = 0; i < Math.max(shared.length, plain.length); i++) if (shared[i] !== plain[i]) at.push(i);
  if (shared.length !== plain.length || at.length !== 1 || shared[at[0]] !== SHARED_WITH_MAX || plain[at[0]] !== PLAIN_WITH_MAX) {
    throw new Error(`build-wasm: the plain-memory build differs from the shared one in more than the memory flag (bytes ${at.slice(0, 8).join(', ')})`);
  }
  return at[0];
}

/** Both builds' bytes and where they differ (for the tests); `fused`: of the fused macro-kernel module. */
export async function assembleBoth(fused = false) {
  const wabt = await createRequire(import.meta.url)('wabt')();
  const shared = await assemble(wabt, true, fused);
  const plain = await assemble(wabt, false, fused);
  return { shared, plain, flagAt: memoryFlagOffset(shared, plain) };
}

/** The generated files (name in src/backend/wasm/ → text) for the current sources. */
export async function generate() {
  const { shared, flagAt } = await assembleBoth();
  const fused = await assembleBoth(true);
  const text = [
    HEADER, '',
    '/** The kernels, importing a shared memory (for worker threads), base64. */',
    `export const KERNELS_SHARED = ${chunked(shared)};`, '',
    `/** The byte holding the memory import's limits flag: ${SHARED_WITH_MAX} (shared) here; the plain-memory build is the same bytes with ${PLAIN_WITH_MAX} there. */`,
    `export const MEMORY_FLAG_AT = ${flagAt};`,
    `export const PLAIN_MEMORY_FLAG = ${PLAIN_WITH_MAX};`, '',
    '/** The GEMM macro-kernel and the row-Winograd product loops with fused multiply-adds (relaxed SIMD), importing a shared memory, base64. */',
    `export const GEMM_FUSED_SHARED = ${chunked(fused.shared)};`, '',
    '/** The byte holding its memory import\'s limits flag (the plain-memory build differs there only). */',
    `export const GEMM_FUSED_MEMORY_FLAG_AT = ${fused.flagAt};`, '',
  ].join('\n');
  return { 'kernels.wasm.ts': text };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const files = await generate();
  const check = process.argv.includes('--check');
  for (const [name, text] of Object.entries(files)) {
    const path = `${WASM_DIR}${name}`;
    if (check) {
      let current = '';
      try { current = readFileSync(path, 'utf8'); } catch { /* missing counts as stale */ }
      if (current !== text) {
        console.error(`build-wasm: src/backend/wasm/${name} is out of date with wat/*.wat; run the build`);
        process.exit(1);
      }
    } else {
      writeFileSync(path, text);
      console.log(`build-wasm: wrote ${path}`);
    }
  }
}
