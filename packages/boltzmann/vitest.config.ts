import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'boltzmann', include: ['src/**/*.test.ts'] },
  resolve: { conditions: ['development'] },
});
