import type { Module } from '@dnn/tensor';
import type { Demo } from './demo-types';

/** What the page exposes in `window.playground` (read by the browser test and handy in the console). */
export interface PlaygroundState {
  phase: 'loading' | 'ready' | 'training' | 'trained' | 'error';
  /** The id of the model in the picker. */
  demo?: string;
  kind?: Demo['kind'];
  device?: 'webgpu' | 'cpu';
  deviceLabel?: string;
  losses: number[];
  /** The held-out figure after each round: a classifier's accuracy, or the task's own (`heldOutName`). */
  heldOut: number[];
  heldOutName?: string;
  /** The class probabilities of the last drawn or dropped image (classifiers). */
  prediction?: number[];
  /** What the family's view last drew (graph: predicted classes; sequence: answers and targets). */
  view?: Record<string, unknown>;
  error?: string;
}

declare global {
  interface Window {
    playground: PlaygroundState;
  }
}

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export const state: PlaygroundState = (window.playground = { phase: 'loading', losses: [], heldOut: [] });

const query = new URLSearchParams(location.search);
export const queryParam = (name: string) => query.get(name);
export const num = (name: string, fallback: number) => Number(query.get(name) ?? fallback);

export function setStatus(text: string, progress?: number): void {
  $('status-text').textContent = text;
  const bar = $<HTMLProgressElement>('progress');
  bar.hidden = progress === undefined;
  if (progress !== undefined) bar.value = progress;
}

export function fail(message: string): void {
  state.phase = 'error';
  state.error = message;
  const box = $('error');
  box.hidden = false;
  box.textContent = `Error: ${message}`;
  setStatus('stopped by an error');
}

/** The training plan from the query (`rounds`, `steps`, `batch`, `val`, `seed`). */
export const planFromQuery = () => ({ rounds: num('rounds', 10), stepsPerRound: num('steps', 20), batchSize: num('batch', 32), validationSize: num('val', 500), seed: num('seed', 0) });

/** A session: one model of one demo on the page's device. */
export interface Session {
  train(): Promise<void>;
  stop(): void;
  /** Classifiers answer a drawn or dropped image. */
  predict?(pixels: Float32Array): Promise<void>;
  /** Frees the model's tensors (on WebGPU, its buffers) once the page has moved on to another model. */
  dispose(): void;
}

/** Disposes a model's parameters and buffers. */
export function disposeModel(model: Module): void {
  for (const [, t] of [...model.namedParameters(), ...model.namedBuffers()]) t.dispose();
}
