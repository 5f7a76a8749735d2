import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/tsup/preset';

// the CJS build needs import.meta.url to find ../subset next to dist/
export default defineConfig(libraryBuild({ index: 'src/index.ts' }, { shims: true }));
