import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['development'] },
  test: {
    name: 'docs',
    include: ['*.test.ts'],
    testTimeout: 60_000,
  },
});
