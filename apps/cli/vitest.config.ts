import { defineProject } from 'vitest/config';

export default defineProject({
  // the in-process runs turn on relaxed SIMD as the dnn binary does (src/relaxed-simd.ts), so a run the
  // tests start in process and one they spawn use the same GEMM kernel and give the same bits
  test: { name: 'cli', include: ['src/**/*.test.ts'], setupFiles: ['src/relaxed-simd.ts'], testTimeout: 120_000 },
  resolve: { conditions: ['development'] },
});
