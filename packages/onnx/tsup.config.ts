import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/tsup/preset';

// protobufjs is bundled, so the published package has no runtime dependencies (as @dnn/tensor bundles seedrandom)
export default defineConfig(libraryBuild({ index: 'src/index.ts' }, { noExternal: ['protobufjs'] }));
