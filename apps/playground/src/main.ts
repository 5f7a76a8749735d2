import { cpu } from '@dnn/tensor';
import { webgpu } from '@dnn/webgpu';
import { trainLenet } from './train';

/** What the page leaves in `window.dnnDemo` once it is done (read by the browser test). */
export interface DemoResult {
  adapter: string;
  gpu: number[];
  cpu: number[];
  error?: string;
}

const log = document.getElementById('log')!;
const print = (line: string) => {
  log.textContent = `${log.textContent === 'starting…' ? '' : log.textContent}${line}\n`;
};

async function run(): Promise<DemoResult> {
  const q = new URLSearchParams(location.search);
  const opts = { steps: Number(q.get('steps') ?? 20), batch: Number(q.get('batch') ?? 16) };
  if (!('gpu' in navigator)) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
  const gpu = await webgpu({ gpu: navigator.gpu });
  const info = (await navigator.gpu.requestAdapter())?.info;
  const adapter = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
  print(`adapter: ${adapter}`);
  print(`LeNet-5, ${opts.steps} SGD steps of ${opts.batch} random images`);
  const g = await trainLenet(gpu, opts, (s, l) => print(`step ${s}: loss ${l.toFixed(6)} (WebGPU)`));
  const c = await trainLenet(cpu(), opts);
  const worst = Math.max(...g.map((l, i) => Math.abs(l - c[i]!)));
  print(`the same steps on the CPU: largest loss difference ${worst.toExponential(2)}`);
  return { adapter, gpu: g, cpu: c };
}

declare global {
  interface Window {
    dnnDemo?: DemoResult;
  }
}

run().then(
  (r) => { window.dnnDemo = r; },
  (e: unknown) => {
    print(`error: ${(e as Error).message}`);
    window.dnnDemo = { adapter: '', gpu: [], cpu: [], error: (e as Error).message };
  },
);
