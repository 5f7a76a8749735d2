import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { browserBuild, bundle } from './bundle';

/**
 * Budgets, in gzipped bytes of the minified esbuild bundle: measured (first 106,865 and 140,127 bytes), plus
 * about 8 % of margin (README: "Bundle size"). A failure means an import now drags in more than it used to.
 * History: the whole page's budget grew from 122,000 when the recurrent, Boltzmann, graph and generative
 * demos joined (their four packages, about 17 KB gzipped). Shipping the WebAssembly kernel module once
 * instead of in two builds (they differ in one byte) took 22 KB off both pages. Then both grew by about
 * 9 KB with the WebGPU backend's command batching, tiled GEMM and fused kernels and the CPU's batch-norm
 * and recurrent-cell kernels (the WebGPU-only page carries the CPU backend's kernels with the default device).
 * Later rounds brought the pages to 126,908 and 161,815 bytes; the row-Winograd transforms four rows to a
 * vector then added 1.4 KB to each (128,352 and 163,290), and the budgets were reset to about 8 % above.
 */
const WEBGPU_ONLY_BUDGET = 138_000;
const PLAYGROUND_BUDGET = 176_000;

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
