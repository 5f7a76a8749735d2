/**
 * examples/*.ts, run: every program exits 0 and prints the line that shows it worked. Each runs in
 * its own process, as `pnpm example <name>` runs it.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One line each program must print; numbers the program computes are checked by the pattern. */
const EXPECTED: Record<string, RegExp> = {
  tensor: /^learned y = 3\.0\dx \+ -1\.0\d$/m,
  data: /^first batch: x \[32,1,28,28\], y \[32\], first label \d \(.+\); 600 held out$/m,
  conv: /^feature maps: \[8,6,14,14\]$/m,
  models: /^ResNet-20: 272,474 parameters$/m,
  train: /^validation accuracy: (9\d|100)\.\d %$/m,
  recurrent: /^mean squared error: \d+\.\d+ → 0\.\d+$/m,
  boltzmann: /^annealing found the ground state$/m,
  graph: /^members assigned to their club: (2[6-9]|3[0-4]) of 34$/m,
  generative: /^negative ELBO: 5\d\d\.\d → 4\d\d\.\d nats per image$/m,
  webgpu: /^WebGPU agrees with the CPU$/m,
  onnx: /^opset \d+, 11 weight tensors, operators: Conv, Relu, .*MatMul/m,
};

function runExample(name: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=development', '--import', 'tsx', `examples/${name}.ts`], { cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('examples/', () => {
  it('has one program per package, each listed here', () => {
    const programs = readdirSync(`${root}examples`).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    const packages = readdirSync(`${root}packages`).sort();
    expect(programs).toEqual(Object.keys(EXPECTED).sort());
    expect(programs).toEqual(packages);
  });

  it.each(Object.keys(EXPECTED))('%s runs and prints what it shows', async (name) => {
    const { code, stdout, stderr } = await runExample(name);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(EXPECTED[name]!);
  });
});
