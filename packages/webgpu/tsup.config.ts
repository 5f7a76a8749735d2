import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tooling/tsup/preset';

export default defineConfig(libraryBuild({ index: 'src/index.ts' }, {
  // the declarations name GPUDevice, GPUBuffer…: they come from @webgpu/types, a dependency, which a
  // user's project then finds without listing it in its tsconfig
  dts: { banner: '/// <reference types="@webgpu/types" />' },
}));
