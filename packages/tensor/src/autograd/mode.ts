import { processWide } from '../process-state';

const grad = processWide('grad-mode', () => ({ enabled: true }));

export function isGradEnabled(): boolean {
  return grad.enabled;
}

/** Runs fn without recording the tape (inference, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs fn with recording on, even inside noGrad. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

export function withGradMode<T>(mode: boolean, fn: () => T): T {
  const prev = grad.enabled;
  grad.enabled = mode;
  try {
    return fn();
  } finally {
    grad.enabled = prev;
  }
}
