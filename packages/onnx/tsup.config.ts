import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/tsup/preset';

export default defineConfig(libraryBuild({ index: 'src/index.ts' }));
