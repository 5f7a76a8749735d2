import { describe, expect, it } from 'vitest';
import { Device, cpu, createCpuBackend, keep, manualSeed, ones, optim, tensor } from '@dnn/tensor';
import { accuracy, evaluate } from './evaluate';
import { fit } from './fit';
import { history, type Callback } from './callbacks';
import { NonFiniteError, TrainingError } from './errors';
import type { LeakReport } from './leaks';
import { lossStep, trainStep } from './step';
import { mlp, SectorBatches, sectors } from './test-data.test-helper';

describe('fit', () => {
  it('trains a small MLP to at least 95% validation accuracy on a three-sector set', async () => {
    const model = mlp(0);
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
    const h = history();
    const r = await fit(model, {
      train: new SectorBatches(600, 30, 1), validation: new SectorBatches(300, 100, 2, false),
      optimizer, epochs: 8, metrics: { accuracy }, callbacks: [h],
    });
    expect(r.interrupted).toBe(false);
    expect(h.epochs.map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.logs.at(-1)!.valAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.logs.at(-1)!.trainLoss).toBeLessThan(r.logs[0]!.trainLoss);
    // fit's validation figures are evaluate's, exactly
    const ev = await evaluate(model, new SectorBatches(300, 100, 2, false), { metrics: { accuracy } });
    expect(ev.accuracy).toBe(r.logs.at(-1)!.valAccuracy);
    expect(ev.loss).toBe(r.logs.at(-1)!.valLoss);
    expect(ev.samples).toBe(300);
    optimizer.dispose();
  });

  it('calls the callbacks in order, awaiting async ones', async () => {
    const model = mlp(1);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    const calls: string[] = [];
    const cb: Callback = {
      onFitStart: async () => void calls.push('fitStart'),
      onEpochStart: ({ epoch, steps }) => void calls.push(`epochStart ${epoch} ${steps}`),
      onStep: async (s) => {
        await new Promise((r) => setTimeout(r, 1));
        calls.push(`step ${s.epoch}.${s.step}`);
      },
      onEpochEnd: (l) => void calls.push(`epochEnd ${l.epoch}`),
      onFitEnd: (r) => void calls.push(`fitEnd ${r.interrupted}`),
    };
    await fit(model, { train: new SectorBatches(30, 10, 3), optimizer, epochs: 2, callbacks: [cb, { onEpochEnd: () => void calls.push('second') }] });
    expect(calls).toEqual([
      'fitStart', 'epochStart 1 3', 'step 1.1', 'step 1.2', 'step 1.3', 'epochEnd 1', 'second',
      'epochStart 2 3', 'step 2.1', 'step 2.2', 'step 2.3', 'epochEnd 2', 'second', 'fitEnd false',
    ]);
    optimizer.dispose();
  });

  it('runs a custom step: its scalars are averaged per epoch under train<Name>', async () => {
    // least squares y = 2x + 1 by hand-written gradient descent (no optimizer, no autograd)
    const model = mlp(2);
    let w = 0;
    let b = 0;
    const xs = [-1, 0, 1, 2];
    const batches = [{ x: ones([1]), y: ones([1]) }];
    const r = await fit(model, {
      train: batches, epochs: 300,
      step: () => {
        let gw = 0, gb = 0, loss = 0;
        for (const x of xs) {
          const e = w * x + b - (2 * x + 1);
          loss += (e * e) / xs.length;
          gw += (2 * e * x) / xs.length;
          gb += (2 * e) / xs.length;
        }
        w -= 0.1 * gw;
        b -= 0.1 * gb;
        return { loss, gradNorm: Math.hypot(gw, gb) };
      },
    });
    expect(w).toBeCloseTo(2, 6);
    expect(b).toBeCloseTo(1, 6);
    expect(r.logs[0]!.trainLoss).toBe(9); // errors 1, -1, -3, -5 at w = b = 0: mean square 36 / 4
    expect(r.logs[0]!.trainGradNorm).toBeGreaterThan(0);
    expect(r.logs.at(-1)!.trainGradNorm).toBeLessThan(1e-6);
    for (const t of Object.values(batches[0]!)) t.dispose();
  });

  it('stops after the step in progress when the signal aborts', async () => {
    const model = mlp(3);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    const controller = new AbortController();
    const r = await fit(model, {
      train: new SectorBatches(60, 10, 4), optimizer, epochs: 3, signal: controller.signal,
      callbacks: [{ onStep: (s) => void (s.epoch === 2 && s.step === 3 && controller.abort()) }],
    });
    expect(r.interrupted).toBe(true);
    expect(r.stoppedAt).toEqual({ epoch: 2, step: 3 });
    expect(r.logs.map((l) => l.epoch)).toEqual([1]);
    optimizer.dispose();
  });

  it('stops at the first non-finite loss with a NonFiniteError naming epoch and step', async () => {
    const model = mlp(4);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.05 });
    const seen: string[] = [];
    const run = fit(model, {
      train: new SectorBatches(200, 20, 5), optimizer, epochs: 3,
      callbacks: [{
        // epoch 2 at lr 1e6: the weights blow up within a few steps
        onEpochStart: ({ epoch }) => void (epoch === 2 && (optimizer.paramGroups[0]!.lr = 1e6)),
        onStep: (s) => void seen.push(`${s.epoch}.${s.step}`),
      }],
    });
    const err = await run.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    const e = err as NonFiniteError;
    expect(e.epoch).toBe(2);
    expect(e.step).toBe(seen.filter((s) => s.startsWith('2.')).length + 1);
    expect(e.message).toContain(`epoch 2, step ${e.step}`);
    optimizer.dispose();
  });

  it('refuses an empty training set before training', async () => {
    const model = mlp(5);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    await expect(fit(model, { train: [], optimizer, epochs: 1 })).rejects.toThrow(TrainingError);
    await expect(fit(model, { train: [], optimizer, epochs: 1 })).rejects.toThrow('no batches');
    optimizer.dispose();
  });

  it('keeps memory flat over 200 steps (after the first, which creates the optimizer state)', async () => {
    // a device of its own, so the garbage of other tests (collected at random times) does not count
    const device = new Device(createCpuBackend(), 'cpu-memory-test');
    const model = mlp(6).to(device);
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const live: number[] = [];
    const bytes: number[] = [];
    await fit(model, {
      train: new SectorBatches(400, 2, 7), optimizer, epochs: 1, device,
      callbacks: [{ onStep: () => void (live.push(device.memory().tensors), bytes.push(device.memory().bytes)) }],
    });
    expect(live).toHaveLength(200);
    expect(new Set(live.slice(1))).toEqual(new Set([live[1]]));
    expect(new Set(bytes.slice(1))).toEqual(new Set([bytes[1]]));
    optimizer.dispose();
  });

  it('with a device, reuses a list of batches across epochs: only the copies it made are freed', async () => {
    const device = new Device(createCpuBackend(), 'cpu-reuse-test');
    const model = mlp(9).to(device);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    const { x, y } = sectors(20, 3);
    // one batch already on the device (kept as it is), one on the default CPU device (copied each step)
    const onDevice = { x: tensor(x.slice(0, 20), { shape: [10, 2], device }), y: tensor(y.slice(0, 10), { device }) };
    const elsewhere = { x: tensor(x.slice(20), { shape: [10, 2] }), y: tensor(y.slice(10)) };
    const live: number[] = [];
    const r = await fit(model, {
      train: [onDevice, elsewhere], optimizer, epochs: 3, device,
      callbacks: [{ onStep: () => void live.push(device.memory().tensors) }],
    });
    expect(r.logs).toHaveLength(3);
    // the caller's tensors are untouched and still readable after every epoch
    expect(Array.from(await onDevice.x.data())).toEqual(Array.from(x.slice(0, 20)));
    expect(Array.from(await elsewhere.y.data())).toEqual(Array.from(y.slice(10)));
    // the copies of `elsewhere` were freed: the device holds the same tensors after every step from the second on
    expect(new Set(live.slice(2))).toEqual(new Set([live[2]]));
    optimizer.dispose();
  });

  it('reports, in leak-detection mode, the tensors a step leaves alive and where they were made', async () => {
    const model = mlp(7);
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    const reports: LeakReport[] = [];
    const leaked: unknown[] = [];
    await fit(model, {
      train: new SectorBatches(50, 10, 8), epochs: 1, detectLeaks: (r) => reports.push(r),
      step: (batch, ctx) => {
        if (ctx.step === 4) leaked.push(keep(ones([2, 3]))); // the forgotten tensor
        return lossStep(model, batch, { optimizer });
      },
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ epoch: 1, step: 4, growth: 1 });
    expect(reports[0]!.sites[0]!.shapes).toEqual(['[2,3]']);
    expect(reports[0]!.sites[0]!.where).toContain('fit.test.ts');
    for (const t of leaked) (t as { dispose(): void }).dispose();
    optimizer.dispose();
  });
});

describe('trainStep', () => {
  it('is a whole step for a hand-written loop: a number back, no tensor left behind', async () => {
    manualSeed(0);
    const model = mlp(8);
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
    const data = new SectorBatches(300, 30, 9);
    const losses: number[] = [];
    const live: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      for await (const batch of data) {
        losses.push(await trainStep(model, batch, { optimizer }));
        batch.x.dispose();
        batch.y.dispose();
        live.push(cpu().memory().tensors);
      }
    }
    expect(typeof losses[0]).toBe('number');
    expect(new Set(live.slice(1)).size).toBe(1);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) * 0.6);
    optimizer.dispose();
  });
});
