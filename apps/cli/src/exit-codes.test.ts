import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './test-helpers';
import { CLI_DIR } from './test-process';

const ROOT = join(CLI_DIR, '..', '..');

/** `pnpm dnn …` from the repository root, as the README says; `interruptOn` sends Ctrl-C (SIGINT to the process group) once stderr matches. */
function pnpmDnn(args: string[], interruptOn?: RegExp): Promise<{ status: number; stderr: string }> {
  const child = spawn('pnpm', ['dnn', ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let sent = false;
  child.stdout.on('data', () => {});
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    if (interruptOn && !sent && interruptOn.test(stderr)) {
      sent = true;
      process.kill(-child.pid!, 'SIGINT');
    }
  });
  // the status a shell reports: the exit code, or 128 + the signal's number
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ status: code ?? 128 + (signal === 'SIGINT' ? 2 : 9), stderr })));
}

describe('exit codes through pnpm dnn', () => {
  it('bad arguments exit 2, without pnpm\'s recursive-run error', async () => {
    const r = await pnpmDnn(['train', 'lenet5', '--epochs', 'ten']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("dnn train: --epochs must be a positive integer, got 'ten'");
    expect(r.stderr).not.toContain('ERR_PNPM');
    expect(r.stderr.match(/ELIFECYCLE/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('Ctrl-C exits 130 after the step in progress', async () => {
    const out = join(await tempDir(), 'run');
    const r = await pnpmDnn(['train', 'lenet5', '--subset', '--epochs', '1', '--max-steps', '400', '--batch-size', '8', '--out', out], /epoch 1\/1 /);
    expect(r.stderr).toContain('interrupted during epoch 1');
    expect(r.status).toBe(130);
  });
});
