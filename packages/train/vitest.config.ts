import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'train', include: ['src/**/*.test.ts'] },
  resolve: { conditions: ['development'] },
});
