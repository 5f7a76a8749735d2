import { describe, expect, it } from 'vitest';
import { formatReport, parseStepsResult, reportLine } from './train-recipes';

describe('bench:train report', () => {
  it('scales the timed steps to a 60,000-image epoch, counting the last partial batch whole', () => {
    // 128 images in 64 ms: 2000 images/s; ceil(60000 / 128) = 469 steps of 64 ms
    const line = reportLine({ impl: 'dnn', steps: 20, batch: 128, msPerStep: 64, maxRssKiB: 2048 });
    expect(line.imagesPerS).toBe(2000);
    expect(line.epochS).toBeCloseTo(469 * 0.064, 12);
    expect(line.peakRssMiB).toBe(2);
  });

  it('gives dnn over the peer for speed and memory', () => {
    const dnn = reportLine({ impl: 'dnn', steps: 1, batch: 64, msPerStep: 200, maxRssKiB: 300 * 1024 });
    const torch = reportLine({ impl: 'torch', steps: 1, batch: 64, msPerStep: 100, maxRssKiB: 200 * 1024 });
    expect(formatReport([dnn, torch])).toContain('dnn / torch: speed 0.50×, peak RSS 1.50×');
  });

  it('reads the last stdout line and rejects a result without numbers', () => {
    const r = parseStepsResult('warning\n{"impl":"torch","steps":3,"batch":64,"msPerStep":1.5,"maxRssKiB":10}\n');
    expect(r.msPerStep).toBe(1.5);
    expect(() => parseStepsResult('{"impl":"dnn","steps":3,"batch":64,"msPerStep":null,"maxRssKiB":10}')).toThrow(/msPerStep/);
  });
});
