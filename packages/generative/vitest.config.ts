import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'generative', include: ['src/**/*.test.ts'] },
  resolve: { conditions: ['development'] },
});
