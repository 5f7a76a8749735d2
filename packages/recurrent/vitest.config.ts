import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'recurrent', include: ['src/**/*.test.ts'] },
  resolve: { conditions: ['development'] },
});
