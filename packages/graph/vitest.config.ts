import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'graph', include: ['src/**/*.test.ts'] },
  resolve: { conditions: ['development'] },
});
