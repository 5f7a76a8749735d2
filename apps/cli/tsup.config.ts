import { defineConfig } from 'tsup';

// One ESM bundle of the CLI's own code; the dnn packages and the optional WebGPU ones stay imports.
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
  external: ['@dnn/tensor', '@dnn/conv', '@dnn/models', '@dnn/onnx', '@dnn/data', '@dnn/webgpu', 'webgpu'],
});
