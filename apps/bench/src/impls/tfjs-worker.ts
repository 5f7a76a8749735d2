import { parentPort, workerData } from 'node:worker_threads';
import { inProcess } from '../timing';
import type { Workload } from '../types';
import { tfjsBuilders } from './tfjs-builders';

/**
 * Runs one tfjs backend's cells in a worker thread of the bench process, posting each row as it
 * is measured, so the main thread can stop a cell that runs past its time limit.
 */
interface Job {
  backend: 'cpu' | 'wasm';
  workloads: Workload[];
  budgetS: number;
}

const job = workerData as Job;
const port = parentPort!;
const impl = inProcess(`tfjs-${job.backend}`, 'cpu', 1, () => tfjsBuilders(job.backend));
for (const w of job.workloads) {
  port.postMessage({ type: 'start', workload: w.name });
  const [row] = await impl.measure([w], { budgetS: job.budgetS, log: (line) => port.postMessage({ type: 'log', line }) });
  port.postMessage({ type: 'row', row });
}
port.postMessage({ type: 'done' });
