import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './test-helpers';
import type { EpochRecord } from './run-files';

describe('dnn train --device webgpu', () => {
  it('trains through the optional WebGPU packages and matches the CPU run', async () => {
    const root = await tempDir();
    const common = ['train', 'lenet5', '--subset', '--epochs', '1', '--max-steps', '3', '--batch-size', '16'];
    const gpu = await runCli([...common, '--device', 'webgpu', '--out', join(root, 'gpu')]);
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(gpu.stdout).toContain('device webgpu');
    const cpu = await runCli([...common, '--out', join(root, 'cpu')]);
    expect(cpu.code).toBe(0);
    const [g] = JSON.parse(await readFile(join(root, 'gpu', 'metrics.json'), 'utf8')) as EpochRecord[];
    const [c] = JSON.parse(await readFile(join(root, 'cpu', 'metrics.json'), 'utf8')) as EpochRecord[];
    // same seed, same Threefry bits on both devices: only float rounding differs
    const both = `webgpu ${JSON.stringify(g)}, cpu ${JSON.stringify(c)}`;
    expect(Math.abs(g!.trainLoss - c!.trainLoss), both).toBeLessThan(1e-4);
    expect(Math.abs(g!.testLoss - c!.testLoss), both).toBeLessThan(1e-4);
    expect(Math.abs(g!.testAccuracy - c!.testAccuracy), both).toBeLessThanOrEqual(0.002);
  });
});
