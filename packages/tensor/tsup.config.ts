import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/tsup/preset';

export default defineConfig(libraryBuild(
  { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'backend/index': 'src/backend/index.ts', node: 'src/io/node.ts' },
  {
    // the testing and node entries import the core by the package's own name, so they share one copy of it
    external: ['vitest', /^@dnn\//],
    // bundled, so the published package has no runtime dependencies
    noExternal: ['seedrandom'],
    // the declarations use Symbol.dispose: a user's project gets its lib without listing it
    dts: { banner: '/// <reference lib="esnext.disposable" />' },
  },
));
