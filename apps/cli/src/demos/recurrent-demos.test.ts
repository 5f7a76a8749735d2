import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkXml, runCli, tempDir } from '../test-helpers';

const metricsOf = async (out: string) => JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, number>[];

/** The recurrent demos train through dnn train for a few steps and reach a stated figure (measured at load ~20). */
describe('recurrent demos', () => {
  it('adding: 30 LSTM updates take the test MSE from about 1 to below the mean predictor (0.167); measured 0.159', async () => {
    const out = join(await tempDir(), 'adding');
    const r = await runCli(['train', 'adding', '--epochs', '1', '--max-steps', '30', '--out', out]);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const [m] = await metricsOf(out);
    expect(m!.testLoss).toBeLessThan(0.165);
    expect(Object.keys(m!)).toContain('trainGradNorm');
  }, 120_000);

  it('seq2seq: 20 updates take the greedy test loss below 2.0 nats per digit (ln 11 = 2.40 at chance; measured 1.82); sample writes the attention heat map', async () => {
    const out = join(await tempDir(), 'seq2seq');
    const r = await runCli(['train', 'seq2seq', '--epochs', '1', '--max-steps', '20', '--out', out]);
    expect(r.code).toBe(0);
    const [m] = await metricsOf(out);
    expect(m!.testLoss).toBeLessThan(2.0);
    expect(m!.testExactMatch).toBeGreaterThanOrEqual(0);
    const s = await runCli(['sample', 'seq2seq', join(out, 'checkpoint.safetensors'), '--count', '2']);
    expect(s.code).toBe(0);
    expect(s.stdout.split('\n')[0]).toMatch(/^\d{6} → \d{6}/);
    checkXml(await readFile(join(out, 'attention.svg'), 'utf8'));
  }, 120_000);

  it('char-lstm: 10 updates on the project docs take the test figure below 5.5 bits per character (6.6 at chance); sample writes text', async () => {
    const out = join(await tempDir(), 'char');
    const r = await runCli(['train', 'char-lstm', '--epochs', '1', '--max-steps', '10', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('README.md,docs/architecture.md');
    const [m] = await metricsOf(out);
    expect(m!.testBitsPerChar).toBeLessThan(5.5);
    const s = await runCli(['sample', 'char-lstm', join(out, 'checkpoint.safetensors'), '--count', '1']);
    expect(s.code).toBe(0);
    expect((await readFile(join(out, 'samples.txt'), 'utf8')).split('--- sample').length).toBe(4);
  }, 120_000);
});
