import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/tsup/preset';

// the node entry imports the core by the package's own name, so both entries share one copy of it
export default defineConfig(libraryBuild({ index: 'src/index.ts', node: 'src/node/index.ts' }));
