import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('..', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the dnn command in a child process from the sources, as `pnpm dnn` does; `preload` adds a
 * module (a fault injector), `killAfterMs` sends SIGKILL at that time.
 */
export function spawnDnn(args: string[], o: { env?: Record<string, string>; preload?: string; killAfterMs?: number } = {}): Promise<Exit> {
  const flags = ['--conditions=development', '--import', TSX, ...(o.preload ? ['--import', o.preload] : [])];
  const child = spawn(process.execPath, [...flags, 'src/bin.ts', ...args], { cwd: CLI, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const timer = o.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), o.killAfterMs);
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ code, signal, stdout, stderr });
  }));
}

export const CLI_DIR = CLI;
