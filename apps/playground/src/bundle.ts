import { build, type BuildOptions } from 'esbuild';

export const here = (path: string) => new URL(path, import.meta.url);

/** esbuild settings shared by the dev server, the static build and the bundle-size budget. */
export const browserBuild = (entry: string, minify: boolean): BuildOptions => ({
  entryPoints: [here(entry).pathname],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify,
  // workspace packages from source; their Node-only helpers are behind dynamic node: imports never taken here
  conditions: ['development'],
  external: ['node:*'],
  logLevel: 'silent',
});

/** The page's script: src/main.ts and the workspace packages it imports, bundled for the browser. */
export async function bundle(minify = false): Promise<string> {
  const out = await build(browserBuild('./main.ts', minify));
  return out.outputFiles![0]!.text;
}

/** The four files of @dnn/data's embedded Fashion-MNIST subset, which the page fetches from ./data/. */
export const SUBSET_DIR = new URL('../../../packages/data/subset/', import.meta.url);
