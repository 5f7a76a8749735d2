/**
 * @dnn/tensor as a user gets it: packed as it is published, installed with plain npm into an empty
 * project without network (so it has no runtime dependencies), then used from ESM and CommonJS.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { buildAndPack, installIntoEmptyProject, sh, type Packed } from './pack';

let packed: Packed;
let project: string;

beforeAll(async () => {
  packed = await buildAndPack('packages/tensor');
  project = await installIntoEmptyProject(packed.tmp, packed.tarball);
});

afterAll(async () => {
  if (packed) await rm(packed.tmp, { recursive: true, force: true });
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

describe('@dnn/tensor, packed and installed', () => {
  it('has no runtime dependencies', async () => {
    const manifest = JSON.parse(await readFile(join(project, 'node_modules/@dnn/tensor/package.json'), 'utf8'));
    expect(manifest.name).toBe('@dnn/tensor');
    expect(manifest.dependencies ?? {}).toEqual({});
    // the published exports point at dist only (the development condition stays in the workspace)
    expect(JSON.stringify(manifest.exports)).not.toContain('./src/');
  });

  it('works from ESM', async () => {
    await writeFile(join(project, 'check.mjs'), program("import { tensor } from '@dnn/tensor';"));
    expect(JSON.parse(await sh('node', ['check.mjs'], project))).toEqual(expected);
  });

  it('works from CommonJS', async () => {
    await writeFile(join(project, 'check.cjs'), program("const { tensor } = require('@dnn/tensor');"));
    expect(JSON.parse(await sh('node', ['check.cjs'], project))).toEqual(expected);
  });

  it('serves the backend helpers at @dnn/tensor/backend, from ESM and CommonJS', async () => {
    const use = `console.log(JSON.stringify({ numel: numel([2, 3, 4]), strides: contiguousStrides([2, 3, 4]), logSigmoid: 'logSigmoid' in UNARY_OPS }));`;
    const want = { numel: 24, strides: [12, 4, 1], logSigmoid: true };
    await writeFile(join(project, 'backend.mjs'), `import { UNARY_OPS, contiguousStrides, numel } from '@dnn/tensor/backend';\n${use}`);
    expect(JSON.parse(await sh('node', ['backend.mjs'], project))).toEqual(want);
    await writeFile(join(project, 'backend.cjs'), `const { UNARY_OPS, contiguousStrides, numel } = require('@dnn/tensor/backend');\n${use}`);
    expect(JSON.parse(await sh('node', ['backend.cjs'], project))).toEqual(want);
  });

  it('passes publint', async () => {
    const { messages, pkg } = await publint({
      pkgDir: join(project, 'node_modules/@dnn/tensor'),
      // the installed folder holds exactly the published files
      pack: false,
      level: 'warning',
    });
    const errors = messages.filter((m) => m.type === 'error').map((m) => formatMessage(m, pkg, { color: false }));
    expect(errors).toEqual([]);
  });
});
