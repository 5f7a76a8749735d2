import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../test-helpers';

/** Width and height of a PNG from its IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('generative demos: dnn train vae | gan | flow, then dnn sample', () => {
  for (const [name, file] of [['vae', 'vae-samples.png'], ['gan', 'gan-samples.png'], ['flow', 'flow-samples.png']] as const) {
    it(`${name}: two steps on the subset, a finite test loss, and a 16-image grid from the checkpoint`, { timeout: 120000 }, async () => {
      const out = join(await tempDir(), name);
      const r = await runCli(['train', name, '--subset', '--epochs', '1', '--max-steps', '2', '--out', out]);
      expect(r.stderr).not.toContain('error');
      expect(r.code).toBe(0);
      const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, number>[];
      expect(Number.isFinite(metrics[0]!.testLoss)).toBe(true);
      const s = await runCli(['sample', name, join(out, 'checkpoint.safetensors'), '--count', '16']);
      expect(s.code).toBe(0);
      expect(s.stdout).toContain(join(out, file));
      // 8 images of 28 pixels per row with one-pixel borders: 8·29 + 1 wide, 2·29 + 1 high
      expect(pngSize(await readFile(join(out, file)))).toEqual([233, 59]);
    });
  }
});

describe('dnn train gan --device webgpu', () => {
  it('runs the alternating step on a device that only reads asynchronously', { timeout: 120000 }, async () => {
    const out = join(await tempDir(), 'gan-webgpu');
    const r = await runCli(['train', 'gan', '--subset', '--epochs', '1', '--max-steps', '2', '--device', 'webgpu', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, number>[];
    expect(Number.isFinite(metrics[0]!.trainGeneratorLoss), JSON.stringify(metrics[0])).toBe(true);
  });
});
