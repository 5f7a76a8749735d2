import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkXml, runCli, tempDir } from './test-helpers';
import type { EpochRecord } from './run-files';

const lastRecord = async (out: string): Promise<EpochRecord> =>
  (JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as EpochRecord[]).at(-1)!;

describe('dnn train gcn | sage | gin (graph demos from @dnn/graph)', () => {
  it("gcn on Zachary's karate club: from two labelled members to ≥ 90 % of the others, and dnn eval agrees", async () => {
    const out = join(await tempDir(), 'gcn');
    const run = await runCli(['train', 'gcn', '--seed', '0', '--out', out]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const record = await lastRecord(out);
    // 100 full-batch Adam steps: measured 93.75 % (30 of 32)
    expect(record.testAccuracy).toBeGreaterThanOrEqual(0.9);
    const ev = await runCli(['eval', join(out, 'checkpoint.safetensors')]);
    expect(ev.code).toBe(0);
    expect(ev.stdout).toContain(`accuracy ${(record.testAccuracy * 100).toFixed(2)}%`);
    expect(ev.stdout).toContain("Zachary's karate club");
    // the post-training artifact: the learned embedding, one labelled mark per member
    const svg = await readFile(join(out, 'embedding.svg'), 'utf8');
    const names = checkXml(svg);
    expect(names[0]).toBe('svg');
    // 34 members plus the two clubs' legend marks
    expect(names.filter((n) => n === 'circle')).toHaveLength(34 + 2);
    for (let i = 0; i < 34; i++) expect(svg).toContain(`>${i}</text>`);
    expect(run.stdout).toContain('embedding.svg');
  }, 60000);

  it('sage on the medium contextual SBM beats what its features alone allow (MLP: 70 %)', async () => {
    const out = join(await tempDir(), 'sage');
    const run = await runCli(['train', 'sage', '--variant', 'csbm-medium', '--epochs', '40', '--out', out]);
    expect(run.code).toBe(0);
    // measured 88.4 % after 40 steps
    expect((await lastRecord(out)).testAccuracy).toBeGreaterThanOrEqual(0.8);
  }, 60000);

  it('gin tells cycles from paths, counting accuracy per graph', async () => {
    const out = join(await tempDir(), 'gin');
    const run = await runCli(['train', 'gin', '--epochs', '10', '--out', out]);
    expect(run.code).toBe(0);
    // measured 99.5 % of 200 test graphs after 10 epochs of 13 batches
    expect((await lastRecord(out)).testAccuracy).toBeGreaterThanOrEqual(0.9);
    const ev = await runCli(['eval', join(out, 'checkpoint.safetensors')]);
    expect(ev.stdout).toMatch(/of 200\)/);
  }, 60000);
});
