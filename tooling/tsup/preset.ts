import type { Options } from 'tsup';

/**
 * The build every dnn package shares: ESM + CommonJS + declarations for ES2022. The @dnn packages a
 * package builds on are peers and stay external, so an application holds one copy of each.
 */
export function libraryBuild(entry: Record<string, string>, extra: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    external: [/^@dnn\//],
    ...extra,
  };
}
