/**
 * Proves that every dependency rule in .dependency-cruiser.cjs still fires, so the lint cannot rot
 * silently: the `violations` fixture breaks each rule on purpose, the `clean` fixture shows the
 * allowed shapes (models → conv, apps → webgpu, a cycle inside one package) pass.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));

async function violations(name: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(`${root}.dependency-cruiser.cjs`);
  // The fixture trees stand for a workspace of their own: a bare @dnn/… import must not resolve through
  // the real workspace's node_modules (the root package.json links every package), so resolution stops
  // at the fixture's own (absent) node_modules and the rules see the bare names.
  const resolveOptions = { modules: [`${fixture(name)}node_modules`] };
  const result = await cruise(['.'], { ...options, baseDir: fixture(name), outputType: 'json' }, resolveOptions);
  const output = result.output as string | ICruiseResult;
  const cruised: ICruiseResult = typeof output === 'string' ? JSON.parse(output) : output;
  return [...new Set(cruised.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`))].sort();
}

async function ruleNames(): Promise<string[]> {
  const options = await extractDepcruiseOptions(`${root}.dependency-cruiser.cjs`);
  return [...new Set((options.ruleSet?.forbidden ?? []).map((r) => r.name ?? '(unnamed)'))].sort();
}

describe('dependency rules', () => {
  it('fire on every kind of forbidden import', async () => {
    const found = await violations('violations');
    const required = [
      'webgpu-only-in-apps: packages/conv/src/index.ts → @dnn/webgpu',
      'webgpu-only-in-apps: tooling/helper/src/gpu.ts → @dnn/webgpu',
      'tensor-is-the-foundation: packages/tensor/src/index.ts → @dnn/conv',
      'layers-stay-apart: packages/conv/src/index.ts → packages/recurrent/src/index.ts',
      'layers-stay-apart: packages/data/src/index.ts → packages/boltzmann/src/index.ts',
      'layers-stay-apart: packages/boltzmann/src/index.ts → packages/data/src/index.ts',
      'models-composes-layers: packages/models/src/index.ts → @dnn/data',
      'generative-builds-on-conv: packages/generative/src/index.ts → @dnn/graph',
      'layers-stay-apart: packages/train/src/index.ts → @dnn/conv',
      // a package cycle that no single file closes is found at folder level
      'no-package-cycles: packages/alpha/src → packages/beta/src',
      'no-package-cycles: packages/beta/src → packages/alpha/src',
      'no-package-cycles: packages/data/src → packages/boltzmann/src',
      'no-package-cycles: packages/boltzmann/src → packages/data/src',
    ];
    // the module-level cycle rule may report either or both edges of the data ↔ boltzmann cycle
    const moduleCycle = [
      'no-package-cycles: packages/boltzmann/src/index.ts → packages/data/src/index.ts',
      'no-package-cycles: packages/data/src/index.ts → packages/boltzmann/src/index.ts',
    ];
    expect(found).toEqual(expect.arrayContaining(required));
    expect(found.some((v) => moduleCycle.includes(v))).toBe(true);
    expect(found.filter((v) => !required.includes(v) && !moduleCycle.includes(v))).toEqual([]);
  });

  it('let the allowed dependencies through', async () => {
    // models → conv | recurrent | boltzmann | graph | generative → tensor, generative → conv,
    // train → tensor, webgpu → tensor, apps → anything,
    // and a cycle between two files of one package
    expect(await violations('clean')).toEqual([]);
  });

  it('are each proven by the violations fixture', async () => {
    const fired = new Set((await violations('violations')).map((v) => v.slice(0, v.indexOf(':'))));
    expect((await ruleNames()).filter((name) => !fired.has(name))).toEqual([]);
  });
});
