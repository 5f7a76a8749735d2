import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { browserBuild, bundle } from './bundle';

/**
 * Budgets, in gzipped bytes of the minified esbuild bundle: measured (97,852 and 131,095 bytes), plus
 * about 8 % of margin (README: "Bundle size"). A failure means an import now drags in more than it used to.
 * The whole page's budget grew from 122,000 when the recurrent, Boltzmann, graph and generative demos
 * joined (their four packages, about 17 KB gzipped); the WebGPU-only page's did not. The WebAssembly
 * kernels for graphs, the optimizer step and the element-wise ops added about 21 KB to both, and shipping
 * the kernel module once instead of in two builds (they differ in one byte) took 22 KB off again.
 */
const WEBGPU_ONLY_BUDGET = 105_000;
const PLAYGROUND_BUDGET = 142_000;

const gzipped = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

describe('bundle size', () => {
  it(`a WebGPU-only page (@dnn/webgpu + @dnn/conv, minified + gzip) stays under ${WEBGPU_ONLY_BUDGET} bytes`, async () => {
    const out = await build(browserBuild('./webgpu-only.ts', true));
    const size = gzipped(out.outputFiles![0]!.text);
    console.log(`WebGPU-only page: ${out.outputFiles![0]!.text.length} bytes minified, ${size} gzipped`);
    expect(size).toBeLessThan(WEBGPU_ONLY_BUDGET);
  });

  it(`the whole playground page stays under ${PLAYGROUND_BUDGET} bytes (minified + gzip)`, async () => {
    const js = await bundle(true);
    const size = gzipped(js);
    console.log(`playground page: ${js.length} bytes minified, ${size} gzipped`);
    expect(size).toBeLessThan(PLAYGROUND_BUDGET);
  });
});
