// API reference for every package: `pnpm run docs` writes it to docs/api (not committed).
// (`pnpm docs` alone is pnpm's own command for opening a package's home page, so use `pnpm run docs`.)
import { existsSync, readdirSync } from 'node:fs';

// A package joins the reference once it has an entry point; one still being written does not break the run.
const packages = readdirSync('packages', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`packages/${d.name}/src/index.ts`))
  .map((d) => `packages/${d.name}`);

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'dnn',
  entryPointStrategy: 'packages',
  entryPoints: packages,
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.json',
    excludePrivate: true,
    excludeInternal: true,
    // type errors are `pnpm typecheck`'s job; the reference is written from whatever compiles to symbols
    skipErrorChecking: true,
    // no public source host is configured, so no "Defined in" links that would point nowhere
    disableSources: true,
    validation: { notExported: false, invalidLink: true, notDocumented: false },
  },
  out: 'docs/api',
  readme: 'README.md',
  projectDocuments: ['docs/architecture.md', 'docs/guides/*.md'],
  // typedoc's defaults, plus the Python of the PyTorch interop guide
  highlightLanguages: ['bash', 'console', 'css', 'html', 'javascript', 'json', 'jsonc', 'json5', 'yaml', 'tsx', 'typescript', 'python'],
  excludeExternals: true,
  exclude: ['**/*.test.ts', '**/node_modules/**'],
  disableSources: true,
  validation: { notExported: false, invalidLink: true, notDocumented: false },
};
