import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './test-helpers';
import type { EpochRecord } from './run-files';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** `pnpm dnn ARGS` from the repository root, as a user types it: a real process, its exit code and output. */
function pnpmDnn(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('pnpm', ['dnn', ...args], { cwd: ROOT, timeout: 240_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('pnpm dnn train --device webgpu (a separate process)', () => {
  it('trains LeNet-5 on the subset for 20 steps on the GPU, writes its files and exits', async () => {
    const out = join(await tempDir(), 'run');
    const r = await pnpmDnn(['train', 'lenet5', '--device', 'webgpu', '--max-steps', '20', '--subset', '--epochs', '1', '--batch-size', '16', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^data: Fashion-MNIST, embedded subset/);
    expect(r.stdout).toContain('20 steps per epoch; seed 0; device webgpu');
    const [record, ...rest] = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as EpochRecord[];
    expect(rest).toEqual([]);
    // 20 Adam steps from ln 10 ≈ 2.30: learning, not diverging
    expect(record!.trainLoss).toBeGreaterThan(0.5);
    expect(record!.trainLoss).toBeLessThan(2.3);
    expect(record!.testAccuracy).toBeGreaterThan(0.2);
    expect((await readFile(join(out, 'checkpoint.safetensors'))).length).toBeGreaterThan(61_706 * 4);
  }, 300_000);
});
