import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'packaging',
    include: ['*.test.ts'],
    // building, packing and installing take seconds each on a 2-core machine under a full test run
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
