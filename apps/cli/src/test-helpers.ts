import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { BufferSink, type Io } from './io';
import { main } from './main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one command line in-process with captured output. */
export async function runCli(argv: string[], extra: Partial<Io> = {}): Promise<CliRun> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const code = await main(argv, { stdout, stderr, ...extra });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A fresh temporary folder, removed after the file's tests. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dnn-cli-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// The SVG well-formedness check of @dnn/train's tests (its curves and the CLI's plots are the same kind of file).
export { checkXml } from '../../../packages/train/src/xml.test-helper';
