import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'studies', include: ['src/**/*.test.ts'] },
  resolve: { conditions: ['development'] },
});
