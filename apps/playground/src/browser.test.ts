import { readFile, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildSite } from './build';
import type { PlaygroundState } from './page';
import { MIN_VARIANCE, pick, screenshot as shoot, startBrowser, stateOf } from './browser-harness';

/** A short run: 2 rounds of 4 steps of 16 images, scored on 100 held-out images after each. */
const RUN = 'autotrain&rounds=2&steps=4&batch=16&val=100';

let browser: Browser;
let server: { url: string };
let shots: string;
let close: () => Promise<void>;
beforeAll(async () => {
  const started = await startBrowser();
  ({ browser, shots, close } = started);
  server = { url: started.url };
});
afterAll(() => close?.());

const screenshot = (page: Page, name: string) => shoot(page, shots, name);

/** Draws a T-shirt-like outline on the pad with real mouse events, and waits for the prediction. */
async function drawStroke(page: Page): Promise<number[]> {
  // mouse events land only inside the viewport: bring the pad into it first
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = (await page.locator('#pad').boundingBox())!;
  const path: [number, number][] = [[0.3, 0.2], [0.1, 0.35], [0.2, 0.45], [0.3, 0.4], [0.3, 0.85], [0.7, 0.85], [0.7, 0.4], [0.8, 0.45], [0.9, 0.35], [0.7, 0.2], [0.3, 0.2]];
  await page.mouse.move(box.x + path[0]![0] * box.width, box.y + path[0]![1] * box.height);
  await page.mouse.down();
  for (const [x, y] of path.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => window.playground.prediction !== undefined, undefined, { timeout: 10_000 });
  // the whole outline reached the 28×28 input, not only its first segment
  const lit = await page.evaluate(() => {
    const c = document.getElementById('pad-small') as HTMLCanvasElement;
    return c.getContext('2d')!.getImageData(0, 0, 28, 28).data.filter((v, i) => i % 4 === 0 && v > 100).length;
  });
  expect(lit).toBeGreaterThan(60);
  return (await stateOf(page)).prediction!;
}

/** Loads the page with `query`, waits for training to end, checks curves, filters and a prediction, saves screenshots. */
async function trainAndPredict(query: string, name: string): Promise<PlaygroundState> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}?${query}`);
  await page.waitForSelector('#status-text');
  expect(await screenshot(page, `${name}-loading`)).toBeGreaterThan(MIN_VARIANCE);
  await page.waitForFunction(() => ['trained', 'error'].includes(window.playground.phase), undefined, { timeout: 40_000 });
  const state = await stateOf(page);
  expect(state.error).toBeUndefined();
  expect(errors).toEqual([]);
  expect(state.losses).toHaveLength(8);
  expect(state.heldOut).toHaveLength(2);
  expect(state.heldOutName).toBe('held-out accuracy');
  // ten classes from random weights: the first loss is near ln 10 ≈ 2.30
  expect(state.losses[0]!).toBeGreaterThan(1.8);
  expect(state.losses[0]!).toBeLessThan(2.8);
  for (const a of state.heldOut) expect(a).toBeGreaterThanOrEqual(0), expect(a).toBeLessThanOrEqual(1);
  // both curves are drawn: an SVG path through every point
  const paths = await page.locator('#charts path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
  expect(paths.map((d) => d.split(/[ML]/).length - 1)).toEqual([8, 2]);
  expect(await page.locator('#filters canvas').count()).toBe(6);
  expect(await page.locator('#maps canvas').count()).toBe(6);

  const probs = await drawStroke(page);
  expect(probs).toHaveLength(10);
  expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  expect(await page.locator('#probs .prob').count()).toBe(10);
  expect(await page.locator('#probs .prob.best').count()).toBe(1);
  expect(await screenshot(page, `${name}-trained`)).toBeGreaterThan(MIN_VARIANCE);
  await page.close();
  return { ...state, prediction: probs };
}

describe('the playground page in headless Chromium', () => {
  let gpuLosses: number[] = [];

  it('a blank page scores under the screenshot threshold (so the threshold means something)', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
    await page.setContent('<html><body style="background:#fff"></body></html>');
    expect(await screenshot(page, 'blank')).toBeLessThan(1);
    await page.close();
  });

  it('trains LeNet-5 on WebGPU, draws the curves and the first layer, and predicts a drawn stroke', async () => {
    const state = await trainAndPredict(RUN, 'webgpu');
    gpuLosses = state.losses;
    expect(state.device).toBe('webgpu');
    expect(state.deviceLabel).toMatch(/^WebGPU/);
  });

  it('does the same on the CPU fallback when ?device=cpu asks for it', async () => {
    const state = await trainAndPredict(`${RUN}&device=cpu`, 'cpu');
    expect(state.device).toBe('cpu');
    expect(state.deviceLabel).toMatch(/^CPU \(WebAssembly kernels/);
    // the same seed gives the same weights and batches on both devices: float32 rounding apart
    expect(gpuLosses).toHaveLength(8);
    state.losses.forEach((l, i) => expect(Math.abs(l - gpuLosses[i]!), `step ${i + 1}: ${l} vs ${gpuLosses[i]}`).toBeLessThan(1e-4));
  });

  it('falls back to the CPU and says why when navigator.gpu is missing', async () => {
    const page = await browser.newPage();
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined }));
    await page.goto(server.url);
    await page.waitForFunction(() => window.playground.phase !== 'loading', undefined, { timeout: 20_000 });
    expect((await stateOf(page)).device).toBe('cpu');
    expect(await page.locator('#device').textContent()).toContain('this browser has no WebGPU (navigator.gpu is missing)');
    await page.close();
  });

  it('says in words on the page when the WebGPU device is lost', async () => {
    const page = await browser.newPage();
    // keep a handle on the device the page asks for, to destroy it from outside as a driver reset would
    await page.addInitScript(() => {
      const request = GPUAdapter.prototype.requestDevice;
      GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, d?: GPUDeviceDescriptor) {
        const device = await request.call(this, d);
        (window as unknown as { lastGpuDevice: GPUDevice }).lastGpuDevice = device;
        return device;
      };
    });
    await page.goto(server.url);
    await page.waitForFunction(() => window.playground.phase === 'ready', undefined, { timeout: 30_000 });
    await page.evaluate(() => (window as unknown as { lastGpuDevice: GPUDevice }).lastGpuDevice.destroy());
    await page.waitForFunction(() => window.playground.phase === 'error', undefined, { timeout: 10_000 });
    expect(await page.locator('#error').textContent()).toMatch(/^Error: the WebGPU device was lost \(destroyed\)/);
    expect(await page.locator('#error').isVisible()).toBe(true);
    await page.close();
  });

  it('switches models on the page: the run in progress stops, the curves, sections and state follow the new model', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // a long run on the CPU, switched away from after its first steps
    await page.goto(`${server.url}?device=cpu&autotrain&rounds=50&steps=20&batch=16&val=100`);
    await page.waitForFunction(() => window.playground.losses.length >= 2, undefined, { timeout: 30_000 });
    await pick(page, 'gcn-karate');
    let state = await stateOf(page);
    expect(state.error).toBeUndefined();
    expect(state.kind).toBe('graph');
    expect(state.losses).toEqual([]);
    await page.waitForTimeout(300); // the stopped run adds nothing to the new model's curves
    expect((await stateOf(page)).losses).toEqual([]);
    expect(await page.locator('#description').textContent()).toContain('karate club');
    expect(await page.locator('#first-layer').isVisible()).toBe(false);
    expect(await page.locator('#try').isVisible()).toBe(false);
    expect(await page.locator('#view svg.graph').count()).toBe(1);
    expect(await page.locator('#charts svg').count()).toBe(2);

    await pick(page, 'lenet5-classic');
    state = await stateOf(page);
    expect(state.kind).toBe('classifier');
    expect(state.view).toBeUndefined();
    expect(await page.locator('#description').textContent()).toContain('Scaled tanh');
    expect(await page.locator('#view-section').isVisible()).toBe(false);
    expect(await page.locator('#view').innerHTML()).toBe('');
    expect(await page.locator('#first-layer').isVisible()).toBe(true);
    expect(await page.locator('#filters canvas').count()).toBe(6);
    expect(await page.locator('#charts svg').count()).toBe(2);
    expect(await page.locator('#model').inputValue()).toBe('lenet5-classic');
    // the models left behind were disposed without breaking anything still running
    expect(state.error).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an image file dropped onto the page is inverted to light-on-dark, drawn on the pad and given class probabilities summing to 1', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
    await page.goto(`${server.url}?device=cpu`);
    await page.waitForFunction(() => window.playground.phase === 'ready', undefined, { timeout: 20_000 });
    // a PNG file of dark trousers on white, dropped as a browser drops a file from the desktop
    await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(280, 280);
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 280, 280);
      g.fillStyle = '#000';
      g.fillRect(90, 30, 100, 40);
      g.fillRect(90, 30, 40, 230);
      g.fillRect(150, 30, 40, 230);
      const file = new File([await canvas.convertToBlob({ type: 'image/png' })], 'trousers.png', { type: 'image/png' });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => window.playground.prediction !== undefined, undefined, { timeout: 10_000 });
    const probs = (await stateOf(page)).prediction!;
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    for (const p of probs) expect(p).toBeGreaterThanOrEqual(0);
    expect(await page.locator('#probs .prob').count()).toBe(10);
    // the trousers cover 19,200 of 78,400 pixels: about 192 of the 784 cells light, the ground dark
    const cells = await page.evaluate(() => {
      const data = (document.getElementById('pad-small') as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return Array.from({ length: 784 }, (_, i) => data[4 * i]!);
    });
    const lit = cells.filter((v) => v > 127).length;
    expect(lit).toBeGreaterThan(170);
    expect(lit).toBeLessThan(215);
    expect(cells[0]).toBeLessThan(10);
    expect(cells[14 * 28 + 14]).toBeLessThan(10); // between the legs
    expect(cells[14 * 28 + 10]).toBeGreaterThan(245); // the left leg
    await page.close();
  });

  it('the static build works from a plain file server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dnn-playground-site-'));
    const site = await buildSite(pathToFileURL(`${dir}/`));
    // a server that knows nothing of the app: a path maps to a file under the folder, nothing else
    const files = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!.replace(/^\/$/, '/index.html');
      readFile(new URL(`.${path}`, site)).then(
        (bytes) => res.writeHead(200, { 'content-type': path.endsWith('.html') ? 'text/html' : path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' }).end(bytes),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${(files.address() as { port: number }).port}/?device=cpu`);
      await page.waitForFunction(() => window.playground.phase !== 'loading', undefined, { timeout: 20_000 });
      const state = await stateOf(page);
      expect(state.error).toBeUndefined();
      expect(state.phase).toBe('ready');
      expect(await page.locator('#maps canvas').count()).toBe(6);
    } finally {
      await page.close();
      await new Promise((resolve) => files.close(resolve));
    }
  });
});

