import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PlaygroundState } from './page';
import { MIN_VARIANCE, pick, screenshot, startBrowser, stateOf, trainOnPage } from './browser-harness';

/** 2 rounds of 10 steps (batches of 16 images or sequences), a held-out figure on 64 samples after each. */
const PLAN = 'rounds=2&steps=10&batch=16&val=64';
const STEPS = 20;
/**
 * WebGPU and the CPU start from the same weights and see the same batches and random draws: float32
 * rounding apart. The RBM samples its units by comparing a probability with a uniform draw, so a
 * probability within rounding of its draw can flip a unit on one device: its losses drift further.
 */
const DEVICE_RTOL: Record<string, number> = { 'lstm-adding': 1e-4, rbm: 1e-2, 'gcn-karate': 1e-4, vae: 1e-4 };

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const lastFive = (s: PlaygroundState) => mean(s.losses.slice(-5));

/** What each demo must show after its 20 steps: figures measured on both devices, with margin. */
const CHECKS: Record<string, (s: PlaygroundState, page: Page) => Promise<void>> = {
  'lstm-adding': async (s, page) => {
    // untrained answers are far from the sums; 20 steps bring the error to about that of always answering 1 (1/6)
    expect(s.losses[0]!).toBeGreaterThan(0.5);
    expect(lastFive(s)).toBeLessThan(s.losses[0]! / 3);
    expect(s.heldOut[1]!).toBeLessThan(0.25);
    expect(await page.locator('#view .sum').count()).toBe(5);
    expect(await page.locator('#view .cell').count()).toBe(5 * 10);
    expect(await page.locator('#view .cell.marked').count()).toBe(5 * 2); // two marked steps per sequence
    expect(await page.locator('#charts .baseline line').count()).toBe(2);
    const view = s.view as { answers: number[]; targets: number[] };
    expect(view.answers).toHaveLength(5);
    for (const t of view.targets) expect(t).toBeGreaterThanOrEqual(0), expect(t).toBeLessThan(2);
  },
  rbm: async (s, page) => {
    // a machine that knows nothing reconstructs every pixel as ½: 784/4 = 196 per image
    expect(s.losses[0]!).toBeGreaterThan(100);
    expect(s.losses[0]!).toBeLessThan(196);
    expect(lastFive(s)).toBeLessThan(0.85 * s.losses[0]!);
    expect(s.heldOut[1]!).toBeLessThan(s.heldOut[0]!);
    expect(await page.locator('#view canvas.grid').count()).toBe(3); // images, reconstructions, filters
    expect(s.view).toEqual({ images: 48 });
  },
  'gcn-karate': async (s, page) => {
    // two classes from random weights: ln 2 ≈ 0.69
    expect(s.losses[0]!).toBeGreaterThan(0.6);
    expect(s.losses[0]!).toBeLessThan(0.8);
    expect(lastFive(s)).toBeLessThan(0.35);
    expect(s.heldOut[1]!).toBeGreaterThanOrEqual(29 / 32);
    const predicted = (s.view as { predicted: number[] }).predicted;
    expect(predicted).toHaveLength(34);
    expect([predicted[0], predicted[33]]).toEqual([0, 1]); // the two given members
    // the drawing: 34 members coloured by their predicted club, 78 ties, the wrong ones ringed
    expect(await page.locator('#view svg.graph .node').count()).toBe(34);
    expect(await page.locator('#view svg.graph line').count()).toBe(78);
    expect(await page.locator('#view .node[data-class="1"]').count()).toBe(predicted.filter((c) => c === 1).length);
    expect(await page.locator('#view .node.wrong').count()).toBe(Math.round(32 * (1 - s.heldOut[1]!)));
  },
  vae: async (s, page) => {
    // a decoder answering ½ for every pixel costs 784 ln 2 ≈ 543 nats per image
    expect(s.losses[0]!).toBeGreaterThan(500);
    expect(s.losses[0]!).toBeLessThan(600);
    expect(lastFive(s)).toBeLessThan(0.8 * s.losses[0]!);
    expect(s.heldOut[1]!).toBeLessThan(s.heldOut[0]!);
    expect(await page.locator('#view canvas.grid').count()).toBe(1);
    expect(s.view).toEqual({ images: 32 });
  },
};
const IDS = Object.keys(CHECKS);

let browser: Browser;
let url: string;
let shots: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ browser, url, shots, close } = await startBrowser());
});
afterAll(() => close?.());

/** Opens the first demo, then picks each of the others in the model picker; trains each and checks it. */
async function walkDemos(device: '' | 'cpu'): Promise<Record<string, number[]>> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1300 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}?model=${IDS[0]}&${PLAN}${device ? `&device=${device}` : ''}`);
  const losses: Record<string, number[]> = {};
  for (const id of IDS) {
    await pick(page, id);
    expect(await page.locator('#view-section').isVisible()).toBe(true);
    const state = await trainOnPage(page);
    expect(state.error, id).toBeUndefined();
    expect(state.device).toBe(device || 'webgpu');
    expect(state.losses, id).toHaveLength(STEPS);
    expect(state.heldOut, id).toHaveLength(2);
    const paths = await page.locator('#charts path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    expect(paths.map((d) => d.split(/[ML]/).length - 1), id).toEqual([STEPS, 2]);
    await CHECKS[id]!(state, page);
    expect(await screenshot(page, shots, `${device || 'webgpu'}-${id}`), id).toBeGreaterThan(MIN_VARIANCE);
    losses[id] = state.losses;
  }
  expect(errors).toEqual([]);
  await page.close();
  return losses;
}

describe('the recurrent, Boltzmann, graph and generative demos in headless Chromium', () => {
  let gpuLosses: Record<string, number[]> = {};

  it(`on WebGPU, picked one after another, each trains ${STEPS} steps, learns and draws its view`, async () => {
    gpuLosses = await walkDemos('');
  });

  it('on the CPU fallback the same, with the losses of the WebGPU run', async () => {
    const cpuLosses = await walkDemos('cpu');
    for (const id of IDS) {
      expect(gpuLosses[id], id).toHaveLength(STEPS);
      cpuLosses[id]!.forEach((l, i) => {
        const g = gpuLosses[id]![i]!;
        expect(Math.abs(l - g) / Math.abs(g), `${id} step ${i + 1}: CPU ${l} vs WebGPU ${g}`).toBeLessThan(DEVICE_RTOL[id]!);
      });
    }
  });
});
