import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { serve } from './serve';
import type { DemoResult } from './main';

/** Debian's chromium (CI installs it); CHROMIUM overrides. Headless Chromium serves WebGPU from SwiftShader. */
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  server = await serve();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--enable-unsafe-webgpu'] });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the playground page in a browser', () => {
  it('trains LeNet-5 on the page\'s WebGPU device and shows the losses, which match the CPU run', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}?steps=5&batch=8`);
    await page.waitForFunction(() => window.dnnDemo !== undefined, undefined, { timeout: 150_000 });
    const r = (await page.evaluate(() => window.dnnDemo)) as DemoResult;
    expect(errors).toEqual([]);
    expect(r.error).toBeUndefined();
    expect(r.adapter).not.toBe('');
    expect(r.gpu).toHaveLength(5);
    // five steps from the same weights on the same batches: float32 rounding apart
    r.gpu.forEach((l, i) => expect(Math.abs(l - r.cpu[i]!), `step ${i + 1}: ${l} vs ${r.cpu[i]}`).toBeLessThan(1e-5));
    expect(r.gpu[0]!).toBeGreaterThan(2);
    const text = await page.locator('#log').textContent();
    expect(text).toContain(`step 5: loss ${r.gpu[4]!.toFixed(6)} (WebGPU)`);
    await page.close();
  });
});
