import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkXml, runCli, tempDir } from './test-helpers';

describe('dnn augment', () => {
  it('runs the study at a tiny size and writes the table, the plot and the figures', async () => {
    const out = join(await tempDir(), 'augment');
    const run = await runCli(['augment', '--subset', '--k', '3', '--seeds', '2', '--generators', 'cvae,cgan', '--steps', '3',
      '--classifier-steps', '5', '--synthetic', '2', '--test', '200', '--out', out]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('data: Fashion-MNIST, embedded subset');
    // one progress line per (seed, generator)
    expect(run.stderr.match(/^k=3 seed=\d cvae: baseline 0\.\d{4}, augmented 0\.\d{4}/gm)).toHaveLength(2);

    const md = (await readFile(join(out, 'augment.md'), 'utf8')).trim().split('\n');
    const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
    expect(cells(md[0]!)).toEqual(['k', 'generator', 'seeds', 'baseline acc. (%)', 'augmented acc. (%)', 'gain (points)', 'paired t-test p', 'significant (5 %)']);
    expect(md).toHaveLength(2 + 2);
    for (const [line, generator] of [[md[2]!, 'cvae'], [md[3]!, 'cgan']] as const) {
      const c = cells(line);
      expect(c.slice(0, 3)).toEqual(['3', generator, '2']);
      expect(c[3]).toMatch(/^\d+\.\d\d ± \d+\.\d\d$/);
      expect(c[4]).toMatch(/^\d+\.\d\d ± \d+\.\d\d$/);
      expect(c[7]).toMatch(/^(no|yes, gain|yes, loss|—)$/);
    }

    const json = JSON.parse(await readFile(join(out, 'augment.json'), 'utf8')) as { ks: number[]; rows: { generator: string; baseline: number[]; augmented: number[]; baselineMean: number }[] };
    expect(json.ks).toEqual([3]);
    expect(json.rows.map((r) => r.generator)).toEqual(['cvae', 'cgan']);
    // the baseline is the same classifier on the same real images for every generator
    expect(json.rows[0]!.baseline).toEqual(json.rows[1]!.baseline);
    for (const r of json.rows) {
      expect(r.baseline).toHaveLength(2);
      for (const a of [...r.baseline, ...r.augmented]) expect(Number.isInteger(Math.round(a * 200 * 1000) / 1000)).toBe(true); // counts out of 200
      expect(r.baselineMean).toBeCloseTo((r.baseline[0]! + r.baseline[1]!) / 2, 12);
    }

    const svg = await readFile(join(out, 'augment.svg'), 'utf8');
    const names = checkXml(svg);
    expect(names[0]).toBe('svg');
    expect(svg.match(/class="bar"/g)).toHaveLength(3); // real only, + cvae, + cgan
  }, 30000);

  it('refuses an unknown generator and a bad k list', async () => {
    const bad = await runCli(['augment', '--generators', 'cvae,diffusion']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe("dnn augment: --generators: unknown generator 'diffusion' (known: cvae, cgan)");
    const k = await runCli(['augment', '--k', '5,x']);
    expect(k.code).toBe(2);
    expect(k.stderr.split('\n')[0]).toBe("dnn augment: --k must be positive integers separated by commas, got '5,x'");
  });
});
