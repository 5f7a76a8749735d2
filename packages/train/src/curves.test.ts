import { describe, expect, it } from 'vitest';
import { curvesSvg, escapeXml, niceTicks, type FigureLog } from './curves';
import { checkXml } from './xml.test-helper';

const rec = (epoch: number, trainLoss: number, testLoss: number, testAccuracy: number): FigureLog =>
  ({ epoch, trainLoss, testLoss, testAccuracy, imagesPerSecond: 1000, seconds: 10 });

describe('niceTicks', () => {
  it.each([
    [0, 1, 6, [0, 0.2, 0.4, 0.6, 0.8, 1], 0.2],
    [0, 2.4, 6, [0, 0.5, 1, 1.5, 2], 0.5],
    [0.7, 0.95, 6, [0.7, 0.75, 0.8, 0.85, 0.9, 0.95], 0.05],
    [1, 15, 10, [2, 4, 6, 8, 10, 12, 14], 2],
  ])('[%d, %d] in about %d steps', (lo, hi, count, ticks, step) => {
    expect(niceTicks(lo, hi, count)).toEqual({ ticks, step });
  });

  it('a zero-width range gives one tick instead of looping', () => {
    expect(niceTicks(3, 3, 10)).toEqual({ ticks: [3], step: 1 });
  });
});

describe('curvesSvg', () => {
  it('plots each series through its points, on axes that contain them', () => {
    const svg = curvesSvg([rec(1, 0.8, 0.6, 0.78), rec(2, 0.5, 0.45, 0.84), rec(3, 0.4, 0.42, 0.86)], 'LeNet-5 <modern> & co');
    checkXml(svg);
    expect(svg).toContain('LeNet-5 &lt;modern&gt; &amp; co');
    const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]+)"/g)].map((m) => m[1]!.split(' ').map((p) => p.split(',').map(Number)));
    expect(lines).toHaveLength(3);
    for (const pts of lines) {
      expect(pts).toHaveLength(3);
      // epochs go left to right, evenly spaced
      expect(pts[1]![0]! - pts[0]![0]!).toBeCloseTo(pts[2]![0]! - pts[1]![0]!, 5);
      expect(pts[1]![0]!).toBeGreaterThan(pts[0]![0]!);
    }
    // falling loss is drawn going down the page (larger y), rising accuracy going up
    const [train, , acc] = lines;
    expect(train![2]![1]!).toBeGreaterThan(train![0]![1]!);
    expect(acc![2]![1]!).toBeLessThan(acc![0]![1]!);
    // accuracy axis runs 75%..90% (data 78..86% padded to 5% steps)
    expect(svg).toContain('>75%</text>');
    expect(svg).toContain('>90%</text>');
    expect(svg).not.toContain('>70%</text>');
    // loss axis starts at 0
    expect(svg).toMatch(/>0\.0<\/text>/);
  });

  it('draws a single epoch as markers in the middle of the axis', () => {
    const svg = curvesSvg([rec(1, 1.2, 0.9, 0.7)], 'one');
    const names = checkXml(svg);
    expect(names.filter((n) => n === 'polyline')).toHaveLength(0);
    expect(names.filter((n) => n === 'circle')).toHaveLength(3);
    expect(svg).toMatch(/>1<\/text>/);
  });

  it.each([[0.84], [0.1], [0.999], [0.5]])('keeps a single accuracy of %d inside its axis, and the loss under its top tick', (acc) => {
    const svg = curvesSvg([rec(1, 0.568, 0.4289, acc)], 't');
    // the plot area runs from y = 56 (top) to 286 (the x axis)
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(3);
    for (const y of ys) {
      expect(y).toBeGreaterThanOrEqual(56);
      expect(y).toBeLessThanOrEqual(286);
    }
    expect(svg).toContain('>0.6</text>'); // 0.568 rounds the axis up to the next tick
  });

  it('names the x axis as told (updates rather than epochs), epoch by default', () => {
    const records: FigureLog[] = [{ epoch: 50, lstmLoss: 0.2 }, { epoch: 100, lstmLoss: 0.1 }];
    expect(curvesSvg(records, 't', { xTitle: 'update' })).toContain('text-anchor="middle">update</text>');
    expect(curvesSvg(records, 't')).toContain('text-anchor="middle">epoch</text>');
  });
  it('escapes every XML special character', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
