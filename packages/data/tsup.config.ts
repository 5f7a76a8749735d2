import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/tsup/preset';

export default defineConfig(libraryBuild({ index: 'src/index.ts' }, {
  // the CJS build needs import.meta.url to find ../subset next to dist/
  shims: true,
  // bundled (as in @dnn/tensor), so the published package has no runtime dependencies
  noExternal: ['seedrandom'],
}));
