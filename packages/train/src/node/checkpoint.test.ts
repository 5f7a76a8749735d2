import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDefaultGenerator, optim } from '@dnn/tensor';
import { fit } from '@dnn/train';
import { NonFiniteError, TrainingError } from '@dnn/train';
import { restoreState, stateIsFinite } from '@dnn/train';
import { mlp, SectorBatches } from '../test-data.test-helper';
import { checkpoint, loadCheckpoint, metricsJson, svgCurves } from './callbacks';

const root = await mkdtemp(join(tmpdir(), 'dnn-train-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** A run with dropout (so the generator matters), Adam and a cosine schedule: every kind of state a resume must restore. */
function parts(seed: number) {
  const model = mlp(seed, 0.2);
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
  const scheduler = new optim.CosineAnnealingLR(optimizer, { tMax: 3 });
  return { model, optimizer, scheduler };
}

async function weights(m: { stateDict(): Record<string, { data(): Promise<ArrayLike<number>> }> }): Promise<number[][]> {
  return Promise.all(Object.values(m.stateDict()).map(async (t) => Array.from(await t.data())));
}

describe('checkpoint', () => {
  it('resumes bit for bit: 2 epochs straight = 1 epoch, then a resume from its checkpoint for 1 more', async () => {
    const straight = parts(11);
    const a = join(root, 'straight');
    await fit(straight.model, { ...straight, train: new SectorBatches(90, 15, 12), epochs: 2, callbacks: [checkpoint(a)] });

    const first = parts(11);
    const b = join(root, 'broken');
    await fit(first.model, { ...first, train: new SectorBatches(90, 15, 12), epochs: 1, callbacks: [checkpoint(b)] });
    // something else draws random numbers in between: the resume must not depend on it
    getDefaultGenerator().setState({ key: [1, 2], offset: 99 });
    const again = parts(999); // other initial weights: the checkpoint must replace them all
    const state = await loadCheckpoint(join(b, 'checkpoint.safetensors'));
    const logs = state.logs;
    const startEpoch = restoreState(state, { ...again, generator: getDefaultGenerator() });
    expect(startEpoch).toBe(2);
    const r = await fit(again.model, { ...again, train: new SectorBatches(90, 15, 12), epochs: 2, startEpoch, history: logs, callbacks: [checkpoint(b)] });
    expect(r.logs.map((l) => l.epoch)).toEqual([1, 2]);

    expect(await weights(again.model)).toEqual(await weights(straight.model));
    expect(again.optimizer.paramGroups[0]!.lr).toBe(straight.optimizer.paramGroups[0]!.lr);
    const [sa, sb] = [await loadCheckpoint(join(a, 'checkpoint.safetensors')), await loadCheckpoint(join(b, 'checkpoint.safetensors'))];
    expect(sb.generator).toEqual(sa.generator);
    expect(sb.scheduler).toEqual(sa.scheduler);
    expect(sb.logs.map((l) => l.trainLoss)).toEqual(sa.logs.map((l) => l.trainLoss));
    for (const o of [straight, first, again]) o.optimizer.dispose();
  });

  it('never writes a non-finite checkpoint: a blow-up in epoch 2 stops the run and keeps epoch 1', async () => {
    const dir = join(root, 'nan');
    const model = mlp(13);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.05 });
    const err = await fit(model, {
      train: new SectorBatches(200, 20, 14), optimizer, epochs: 3,
      callbacks: [checkpoint(dir), { onEpochStart: ({ epoch }) => void (epoch === 2 && (optimizer.paramGroups[0]!.lr = 1e6)) }],
    }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).epoch).toBe(2);
    const kept = await loadCheckpoint(join(dir, 'checkpoint.safetensors'));
    expect(kept.epoch).toBe(1);
    const back = mlp(0);
    restoreState(kept, { model: back });
    expect(await stateIsFinite(back)).toEqual({ finite: true });
    optimizer.dispose();
  });

  it('refuses an output folder it cannot write before training, naming the folder', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    const model = mlp(15);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    let steps = 0;
    const err = await fit(model, {
      train: new SectorBatches(20, 10, 16), optimizer, epochs: 1,
      callbacks: [checkpoint(join(file, 'run')), { onStep: () => void steps++ }],
    }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as Error).message).toBe(`cannot write to the output folder ${join(file, 'run')}: not a folder`);
    expect(steps).toBe(0);
    optimizer.dispose();
  });

  it('removes temp files of killed writes, and repairs a torn metrics.json and a missing curves.svg on resume', async () => {
    const dir = join(root, 'repair');
    const model = mlp(17);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    const cbs = () => [checkpoint(dir), metricsJson(dir), svgCurves(dir, { title: 'repair' })];
    await fit(model, { train: new SectorBatches(20, 10, 18), optimizer, epochs: 1, callbacks: cbs() });
    await writeFile(join(dir, '.checkpoint.safetensors.4242.abcdef.tmp'), 'half a checkpoint');
    await writeFile(join(dir, 'metrics.json'), ''); // as a kill during a non-atomic write left it
    await rm(join(dir, 'curves.svg'));
    const state = await loadCheckpoint(join(dir, 'checkpoint.safetensors'));
    const history = state.logs;
    const startEpoch = restoreState(state, { model, optimizer });
    await fit(model, { train: new SectorBatches(20, 10, 18), optimizer, epochs: 1, startEpoch, history, callbacks: cbs() });
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.safetensors', 'curves.svg', 'metrics.json']);
    expect(JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8'))).toHaveLength(1);
    optimizer.dispose();
  });
});

describe('abortOnSigint', () => {
  it('turns the first Ctrl-C into an aborted signal, and lets go of the handler', async () => {
    const { abortOnSigint } = await import('./callbacks');
    const before = process.listenerCount('SIGINT');
    const s = abortOnSigint();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(s.signal.aborted).toBe(false);
    process.emit('SIGINT');
    expect(s.signal.aborted).toBe(true);
    s.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
