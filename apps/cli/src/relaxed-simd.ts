import { setFlagsFromString } from 'node:v8';

// Node 20 (V8 11.3) validates WebAssembly relaxed SIMD only behind this flag (Node ≥ 22 and Chrome ≥ 114
// have it by default). With it the CPU device's matrix products fuse their multiply-adds. Imported first,
// so it is set before the kernels load; the library itself never sets engine flags.
setFlagsFromString('--experimental-wasm-relaxed-simd');
