import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { decodePng, grayVariance } from './png';
import type { PlaygroundState } from './page';
import { serve } from './serve';

/** Debian's chromium (CI installs it); CHROMIUM overrides. Headless Chromium serves WebGPU from SwiftShader. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Gray-level variance a screenshot must exceed to count as showing something (a blank page gives 0). */
export const MIN_VARIANCE = 200;

/** The dev server on 127.0.0.1, headless Chromium with WebGPU on, and a temp folder for screenshots. */
export async function startBrowser(): Promise<{ browser: Browser; url: string; shots: string; close(): Promise<void> }> {
  const [server, shots] = await Promise.all([serve(), mkdtemp(join(tmpdir(), 'dnn-playground-'))]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--enable-unsafe-webgpu'] });
  return {
    browser, url: server.url, shots,
    close: async () => {
      await browser.close();
      await server.close();
      console.log(`playground screenshots in ${shots}`);
    },
  };
}

export const stateOf = (page: Page) => page.evaluate(() => window.playground) as Promise<PlaygroundState>;

/** Saves a full-page screenshot under `dir` and returns its gray-level variance. */
export async function screenshot(page: Page, dir: string, name: string): Promise<number> {
  const png = await page.screenshot({ fullPage: true });
  await writeFile(join(dir, `${name}.png`), png);
  return grayVariance(decodePng(png));
}

/** Picks `id` in the model picker and waits until its fresh model is ready (curves cleared, view drawn). */
export async function pick(page: Page, id: string): Promise<void> {
  await page.selectOption('#model', id);
  await page.waitForFunction((want) => window.playground.demo === want && ['ready', 'error'].includes(window.playground.phase), id, { timeout: 30_000 });
}

/** Presses Train and waits for the run to end; returns the page state. */
export async function trainOnPage(page: Page): Promise<PlaygroundState> {
  await page.click('#train');
  await page.waitForFunction(() => ['trained', 'error'].includes(window.playground.phase), undefined, { timeout: 40_000 });
  return stateOf(page);
}
