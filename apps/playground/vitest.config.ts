import { defineProject } from 'vitest/config';

export default defineProject({
  // a headless browser starting and compiling shaders on a software driver takes a while
  test: { name: 'playground', include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
  resolve: { conditions: ['development'] },
});
