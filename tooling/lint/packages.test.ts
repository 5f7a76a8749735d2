/**
 * The "new package" recipe of docs/architecture.md, checked for every folder in packages/: a package
 * that skips a step (no dependency rule, no README row, no vitest project, a layer family without its
 * convention test) fails here on the day it is born.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

/** Packages that hold no layers (data, the trainer, a backend): they have no convention test. */
const WITHOUT_LAYERS = new Set(['data', 'onnx', 'train', 'webgpu']);

const folders = readdirSync(`${root}packages`, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`${root}packages/${d.name}/package.json`))
  .map((d) => d.name);

describe('every package follows the new-package recipe', () => {
  it('finds the packages', () => {
    expect(folders).toEqual(expect.arrayContaining(['tensor', 'conv', 'models', 'data', 'webgpu', 'train']));
  });

  for (const name of folders) {
    describe(`packages/${name}`, () => {
      const pkg = JSON.parse(read(`packages/${name}/package.json`)) as Record<string, any>;

      it('is published as @dnn/<folder> with a licence and a development export', () => {
        expect(pkg.name).toBe(`@dnn/${name}`);
        expect(pkg.private).not.toBe(true);
        expect(pkg.license).toBe('MIT');
        expect(pkg.exports?.['.']?.development, 'exports["."].development').toBe('./src/index.ts');
        expect(pkg.publishConfig?.exports?.['.']?.development, 'publishConfig drops the development condition').toBeUndefined();
      });

      it('takes @dnn/tensor as a peer dependency (tensor itself excepted)', () => {
        if (name === 'tensor') return;
        expect(pkg.peerDependencies?.['@dnn/tensor']).toMatch(/^workspace:/);
        expect(pkg.dependencies?.['@dnn/tensor'], 'a second copy of @dnn/tensor would split the default device').toBeUndefined();
      });

      it('has a README, a row in the root README and a vitest project named after its folder', () => {
        expect(existsSync(`${root}packages/${name}/README.md`)).toBe(true);
        expect(read('README.md')).toContain(`(packages/${name})`);
        expect(read(`packages/${name}/vitest.config.ts`)).toMatch(new RegExp(`name:\\s*'${name}'`));
      });

      it('is named in the dependency rules', () => {
        expect(read('.dependency-cruiser.cjs')).toMatch(new RegExp(`\\b${name}\\b`));
      });

      it('runs the module convention check over its layers', () => {
        if (WITHOUT_LAYERS.has(name)) return;
        const files = readdirSync(`${root}packages/${name}/src`, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('conventions.test.ts'));
        expect(files, 'a src/**/conventions.test.ts').not.toEqual([]);
        expect(files.some((f) => read(`packages/${name}/src/${f}`).includes('checkModuleConventions'))).toBe(true);
      });
    });
  }
});
