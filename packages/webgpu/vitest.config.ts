import { defineProject } from 'vitest/config';

export default defineProject({
  // one GPU device per test file; the software Vulkan driver is slow, so allow long kernels
  test: { name: 'webgpu', include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 60_000 },
  resolve: { conditions: ['development'] },
});
