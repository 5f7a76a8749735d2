import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', node: 'src/io/node.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // the node entry imports the core by the package's own name, so it shares one copy of it
  external: ['vitest', '@dnn/tensor'],
  // bundled, so the published package has no runtime dependencies
  noExternal: ['seedrandom'],
});
