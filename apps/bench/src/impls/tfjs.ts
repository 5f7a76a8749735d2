import { Worker } from 'node:worker_threads';
import type { Implementation, MeasureOptions, Row, Workload } from '../types';

/** A module specifier the worker can import: this folder's tfjs-worker.ts, through tsx's loader. */
function workerUrl(): URL {
  const entry = new URL('./tfjs-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

type Message = { type: 'start'; workload: string } | { type: 'log'; line: string } | { type: 'row'; row: Row } | { type: 'done' };

/**
 * tfjs-core with tfjs-backend-cpu or tfjs-backend-wasm, in a worker thread of this process (one thread
 * computes at a time). A cell still running after `cellTimeoutS` is stopped and reported as a timeout;
 * the remaining cells continue in a fresh worker.
 */
export function tfjsImplementation(backend: 'cpu' | 'wasm', cellTimeoutS: number): Implementation {
  const impl = `tfjs-${backend}`;
  return {
    impl, device: 'cpu', threads: 1,
    async measure(workloads: readonly Workload[], opts: MeasureOptions): Promise<Row[]> {
      const rows: Row[] = [];
      let todo = [...workloads];
      while (todo.length) {
        const finished = await runWorker(backend, todo, opts, cellTimeoutS);
        rows.push(...finished.rows);
        todo = todo.slice(finished.rows.length);
        if (finished.timedOut) {
          const w = todo.shift()!;
          opts.log(`  ${impl} ${w.name}: stopped after ${cellTimeoutS} s`);
          rows.push({
            workload: w.name, impl, device: 'cpu', threads: 1, ms: null, metric: null, unit: w.unit,
            note: `timeout: one run took over ${cellTimeoutS} s`, msAbove: cellTimeoutS * 1000,
          });
        }
      }
      return rows;
    },
  };
}

function runWorker(backend: 'cpu' | 'wasm', workloads: readonly Workload[], opts: MeasureOptions, cellTimeoutS: number) {
  return new Promise<{ rows: Row[]; timedOut: boolean }>((resolve, reject) => {
    const rows: Row[] = [];
    const worker = new Worker(workerUrl(), { workerData: { backend, workloads, budgetS: opts.budgetS } });
    let timer: NodeJS.Timeout | undefined;
    const finish = (timedOut: boolean) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve({ rows, timedOut });
    };
    worker.on('message', (m: Message) => {
      if (m.type === 'start') {
        clearTimeout(timer);
        // the warm-up plus the repeated runs fit in the budget; one run alone may take the whole limit
        timer = setTimeout(() => finish(true), (cellTimeoutS + opts.budgetS) * 1000);
      } else if (m.type === 'log') opts.log(m.line);
      else if (m.type === 'row') {
        clearTimeout(timer);
        rows.push(m.row);
      } else finish(false);
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
