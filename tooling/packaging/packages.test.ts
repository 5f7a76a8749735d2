/**
 * Every published package as a user gets it: built once, packed as `pnpm publish` would upload it, and
 * installed alone (with the @dnn packages it needs and their tarballs only) into an empty project with
 * plain npm and no network; then imported from ESM and CommonJS, type-checked from a strict TypeScript
 * project, and checked by publint and @arethetypeswrong/cli.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { buildIfStale, installIntoEmptyProject, packAll, packFromRoot, repoRoot, sh } from './pack';
import { cjsExports, entryPoints, esmExports, typecheck, typesWrong } from './consumer';
import { dnnRequirements, publishedLibraries, type Manifest, type WorkspacePackage } from './workspace';

const libraries = publishedLibraries();
let tmp: string;
let tarballs: Map<string, string>;
/** @types/node and its dependencies, installed beside packages with a Node-only entry point. */
let nodeTypes: string[];
const isNodeEntry = (spec: string) => spec.endsWith('/node');
const projects = new Map<string, string>();

/** The tarballs one package's consumer installs: it, the @dnn packages it needs, their dependencies. */
function tarballsFor(p: WorkspacePackage): string[] {
  const needed = [p, ...dnnRequirements(p, libraries)];
  const names = new Set(needed.flatMap((q) => [q.manifest.name, ...Object.keys(q.manifest.dependencies ?? {})]));
  const own = [...names].map((n) => tarballs.get(n)!);
  return entryPoints(p.manifest).some(isNodeEntry) ? [...own, ...nodeTypes] : own;
}

beforeAll(async () => {
  const t0 = performance.now();
  const built = await buildIfStale(libraries);
  const t1 = performance.now();
  tmp = await mkdtemp(join(tmpdir(), 'dnn-packaging-'));
  tarballs = await packAll(libraries, join(tmp, 'tarballs'));
  nodeTypes = await packFromRoot(['@types/node'], join(tmp, 'tarballs'));
  const t2 = performance.now();
  for (const p of libraries) {
    projects.set(p.manifest.name, await installIntoEmptyProject(join(tmp, p.folder.replace('/', '-')), tarballsFor(p)));
  }
  const t3 = performance.now();
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`packaging: build ${built ? s(t1 - t0) : 'up to date'}, pack ${s(t2 - t1)}, install ${s(t3 - t2)}`);
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function installedManifest(name: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(projects.get(name)!, 'node_modules', name, 'package.json'), 'utf8')) as Manifest;
}

describe.each(libraries)('$manifest.name, packed and installed alone', (p) => {
  const name = p.manifest.name;
  const entries = entryPoints(p.manifest);

  it('ships a complete manifest with real semver ranges', async () => {
    const m = await installedManifest(name);
    expect(JSON.stringify(m)).not.toContain('workspace:');
    // published exports point at dist only (the development condition stays in the workspace)
    expect(JSON.stringify(m.exports)).not.toContain('./src/');
    for (const [dep, range] of Object.entries(m.peerDependencies ?? {})) {
      // lockstep releases: an @dnn peer is the package's own 0.x line (.changeset/README.md)
      if (dep.startsWith('@dnn/')) expect(`${dep} ${range}`).toBe(`${dep} ^${m.version}`);
    }
    expect(m.repository).toEqual({ type: 'git', url: 'git+https://github.com/dnn-js/dnn.git', directory: p.folder });
    expect(m.engines?.node).toBe('>=20');
    for (const f of ['LICENSE', 'README.md']) expect(existsSync(join(projects.get(name)!, 'node_modules', name, f)), f).toBe(true);
  });

  it('loads every entry point from ESM and from CommonJS, with the same exports', async () => {
    const esm = await esmExports(projects.get(name)!, entries);
    const cjs = await cjsExports(projects.get(name)!, entries);
    for (const e of entries) expect(esm[e]!.length, e).toBeGreaterThan(0);
    expect(cjs).toEqual(esm);
  });

  it('type-checks from a strict TypeScript project with nothing else installed', async () => {
    expect(await typecheck(projects.get(name)!, entries.filter((e) => !isNodeEntry(e)))).toBe('');
    // a Node-only entry (file system helpers) needs Node's types, as any program using it has
    const nodeEntries = entries.filter(isNodeEntry);
    if (nodeEntries.length > 0) expect(await typecheck(projects.get(name)!, nodeEntries, ['node'])).toBe('');
  });

  it('passes publint', async () => {
    const { messages, pkg } = await publint({
      pkgDir: join(projects.get(name)!, 'node_modules', name),
      // the installed folder holds exactly the published files
      pack: false,
      level: 'warning',
    });
    expect(messages.map((msg) => formatMessage(msg, pkg, { color: false }))).toEqual([]);
  });

  it('passes @arethetypeswrong/cli (node16 from ESM and CJS, bundler)', async () => {
    expect(await typesWrong(tarballs.get(name)!)).toEqual([]);
  });
});

describe('tarball sizes', () => {
  it('are listed for every published package in tooling/packaging/README.md', async () => {
    const readme = await readFile(join(repoRoot, 'tooling/packaging/README.md'), 'utf8');
    const rows: string[] = [];
    for (const p of libraries) {
      const bytes = (await stat(tarballs.get(p.manifest.name)!)).size;
      rows.push(`| \`${p.manifest.name}\` | ${(bytes / 1024).toFixed(1)} kB |`);
    }
    console.log(['| package | tarball |', '| --- | ---: |', ...rows].join('\n'));
    const missing = libraries.filter((p) => !readme.includes(`| \`${p.manifest.name}\` |`)).map((p) => p.manifest.name);
    expect(missing).toEqual([]);
  });
});

const program = (load: string) => `${load}
const a = tensor([1, 2, 3]);
const m = tensor([[1, 2], [3, 4]]).matmul(tensor([[5], [6]]));
console.log(JSON.stringify({
  add: Array.from(a.add(1).dataSync()),
  sum: a.sum().item(),
  matmul: Array.from(m.dataSync()),
  shape: m.shape,
  dtype: a.dtype,
}));
`;
const expected = { add: [2, 3, 4], sum: 6, matmul: [17, 39], shape: [2, 1], dtype: 'float32' };

describe('@dnn/tensor in a user\'s program', () => {
  const dir = () => projects.get('@dnn/tensor')!;

  it('has no runtime dependencies (seedrandom is bundled), nor has @dnn/data', async () => {
    expect((await installedManifest('@dnn/tensor')).dependencies ?? {}).toEqual({});
    expect((await installedManifest('@dnn/data')).dependencies ?? {}).toEqual({});
  });

  it('computes from ESM', async () => {
    await writeFile(join(dir(), 'check.mjs'), program("import { tensor } from '@dnn/tensor';"));
    expect(JSON.parse(await sh('node', ['check.mjs'], dir()))).toEqual(expected);
  });

  it('computes from CommonJS', async () => {
    await writeFile(join(dir(), 'check.cjs'), program("const { tensor } = require('@dnn/tensor');"));
    expect(JSON.parse(await sh('node', ['check.cjs'], dir()))).toEqual(expected);
  });

  it('serves the backend helpers at @dnn/tensor/backend, from ESM and CommonJS', async () => {
    const use = `console.log(JSON.stringify({ numel: numel([2, 3, 4]), strides: contiguousStrides([2, 3, 4]), logSigmoid: 'logSigmoid' in UNARY_OPS }));`;
    const want = { numel: 24, strides: [12, 4, 1], logSigmoid: true };
    await writeFile(join(dir(), 'backend.mjs'), `import { UNARY_OPS, contiguousStrides, numel } from '@dnn/tensor/backend';\n${use}`);
    expect(JSON.parse(await sh('node', ['backend.mjs'], dir()))).toEqual(want);
    await writeFile(join(dir(), 'backend.cjs'), `const { UNARY_OPS, contiguousStrides, numel } = require('@dnn/tensor/backend');\n${use}`);
    expect(JSON.parse(await sh('node', ['backend.cjs'], dir()))).toEqual(want);
  });

  it('shares one device, one default generator and one grad mode between its ESM and CommonJS builds', async () => {
    // the dual-package hazard: an application imports the ESM build while a dependency requires the CJS one
    await writeFile(
      join(dir(), 'dual.mjs'),
      `import { createRequire } from 'node:module';
import * as esm from '@dnn/tensor';
const cjs = createRequire(import.meta.url)('@dnn/tensor');
const a = esm.tensor([1, 2, 3]);
const b = cjs.tensor([10, 20, 30]);
const p = cjs.Parameter.from(cjs.ones([2]));
esm.manualSeed(7);
const r1 = Array.from(cjs.rand([3]).dataSync());
cjs.manualSeed(7);
const r2 = Array.from(esm.rand([3]).dataSync());
console.log(JSON.stringify({
  twoCopies: esm.tensor !== cjs.tensor,
  sameDevice: a.device === b.device,
  sum: Array.from(a.add(b).dataSync()),
  sumOther: Array.from(b.mul(a).dataSync()),
  isTensor: b instanceof esm.Tensor && a instanceof cjs.Tensor,
  isParameter: p instanceof esm.Parameter && !(a instanceof cjs.Parameter),
  gradOff: esm.noGrad(() => cjs.isGradEnabled()),
  sameRandom: JSON.stringify(r1) === JSON.stringify(r2),
  tidy: esm.tidy(() => { cjs.tensor([1]); return cjs.getDefaultDevice().memory().tensors; }) - esm.getDefaultDevice().memory().tensors,
}));
`,
    );
    expect(JSON.parse(await sh('node', ['dual.mjs'], dir()))).toEqual({
      twoCopies: true,
      sameDevice: true,
      sum: [11, 22, 33],
      sumOther: [10, 40, 90],
      isTensor: true,
      isParameter: true,
      gradOff: false,
      sameRandom: true,
      tidy: 1,
    });
  });
});
