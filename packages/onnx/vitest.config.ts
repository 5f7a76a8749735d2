import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'onnx', include: ['src/**/*.test.ts'] },
  resolve: { conditions: ['development'] },
});
