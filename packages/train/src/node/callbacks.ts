import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// the core by the package's own name, so this entry shares its classes (NonFiniteError) with '@dnn/train' in every bundle format
import {
  captureState, curvesSvg, decodeState, encodeState, NonFiniteError, stateIsFinite, stringifyFigures,
  type Callback, type EpochLog, type FitContext, type TrainingState,
} from '@dnn/train';
import { ensureWritableDir, removeStaleTempFiles, writeTextAtomic } from './files';
import { formatCount, ProgressBar, type TextSink } from './progress';
import { writeFileAtomic } from '@dnn/tensor/node';

/** A progress bar per epoch on `sink` (default process.stderr): running loss and samples per second. */
export function progressBar(o: { sink?: TextSink; unit?: string } = {}): Callback {
  const sink = o.sink ?? process.stderr;
  let bar: ProgressBar | undefined;
  return {
    onEpochStart: ({ epoch, steps }, ctx: FitContext) => {
      bar = new ProgressBar(sink, { label: `epoch ${epoch}/${ctx.epochs}`, total: steps });
    },
    onStep: (s) => {
      const info = `loss ${s.runningLoss.toFixed(4)} ${formatCount(s.samplesPerSecond)} ${o.unit ?? 'samples'}/s`;
      if (s.step === s.steps) bar?.finish(s.step, info);
      else bar?.update(s.step, info);
    },
  };
}

export interface FileCallbackOptions<R> {
  /** File name inside the folder. */
  file?: string;
  /** Turns the logs into what is written (renamed figures, a subset). */
  transform?: (logs: EpochLog[]) => R;
}

/** metrics.json in `dir` after every epoch, written atomically; on start it repairs a missing or torn one from the logs so far. */
export function metricsJson(dir: string, o: FileCallbackOptions<unknown> & { file?: string } = {}): Callback {
  const path = join(dir, o.file ?? 'metrics.json');
  const write = (logs: EpochLog[]) => writeMetricsJson(path, o.transform ? o.transform(logs) : logs);
  return {
    onFitStart: async (ctx) => {
      if (ctx.logs.length) await write(ctx.logs);
    },
    onEpochEnd: (_log, ctx) => write(ctx.logs),
  };
}

/** Writes figures as JSON (NaN and ±Infinity as strings, never null), atomically. */
export function writeMetricsJson(path: string, value: unknown): Promise<void> {
  return writeTextAtomic(path, `${stringifyFigures(value, 2)}\n`);
}

/** curves.svg in `dir` after every epoch (see curvesSvg), written atomically, repaired on start like metricsJson. */
export function svgCurves(dir: string, o: { file?: string; title?: string; lossTitle?: string } = {}): Callback {
  const path = join(dir, o.file ?? 'curves.svg');
  const write = (logs: EpochLog[]) => writeTextAtomic(path, curvesSvg(logs, o.title ?? 'training', { lossTitle: o.lossTitle }));
  return {
    onFitStart: async (ctx) => {
      if (ctx.logs.length) await write(ctx.logs);
    },
    onEpochEnd: (_log, ctx) => write(ctx.logs),
  };
}

export interface CheckpointOptions {
  /** Default 'checkpoint.safetensors'. */
  file?: string;
  /** The caller's own metadata strings (a run's config), stored with the state. */
  metadata?: (ctx: FitContext) => Record<string, string>;
}

/**
 * After every epoch, the run's whole state (model, optimizer, scheduler, generator, epoch, logs) in
 * `dir`, written atomically: a crash or kill mid-write leaves the previous checkpoint whole. On
 * start it checks `dir` is writable (before any training) and removes temp files of killed runs.
 * A model whose weights are no longer finite is never written: the run stops with NonFiniteError.
 */
export function checkpoint(dir: string, o: CheckpointOptions = {}): Callback {
  const file = o.file ?? 'checkpoint.safetensors';
  return {
    onFitStart: async () => {
      await ensureWritableDir(dir);
      await removeStaleTempFiles(dir, [file, 'metrics.json', 'curves.svg']);
    },
    onEpochEnd: async (log, ctx) => {
      const check = await stateIsFinite(ctx.model);
      if (!check.finite) {
        throw new NonFiniteError(
          `fit: non-finite weights (${check.firstBad}) after epoch ${log.epoch}; training stopped and that epoch's checkpoint was not written`,
          log.epoch, 0, 'weights', Number.NaN,
        );
      }
      const state = captureState(ctx, log.epoch, o.metadata?.(ctx) ?? {});
      await writeFileAtomic(join(dir, file), await encodeState(state));
    },
  };
}

/** Reads a checkpoint written by `checkpoint()` (or `dnn train`); errors name the file. */
export async function loadCheckpoint(path: string): Promise<TrainingState> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read checkpoint ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return decodeState(bytes, path);
}

/** The abort signal of a process: the first Ctrl-C aborts (fit stops after the step in progress), the second exits with 130. */
export function abortOnSigint(o: { onFirst?: () => void } = {}): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    o.onFirst?.();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
