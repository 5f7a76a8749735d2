/**
 * What a new user does with an installed package: import every entry point from ESM and from CommonJS,
 * and type-check a strict TypeScript file against the shipped declarations.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot, sh } from './pack';
import type { Manifest } from './workspace';

/** The specifiers a user can import: `@dnn/x` and `@dnn/x/sub` for each published export but package.json. */
export function entryPoints(m: Manifest): string[] {
  const exportsMap = m.publishConfig?.exports ?? m.exports ?? { '.': null };
  return Object.keys(exportsMap)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? m.name : `${m.name}/${k.slice(2)}`));
}

/** The export names of each entry point, loaded by node from an ESM file. */
export async function esmExports(project: string, entries: string[]): Promise<Record<string, string[]>> {
  const body = `const out = {};
for (const spec of ${JSON.stringify(entries)}) out[spec] = Object.keys(await import(spec)).filter((k) => k !== 'default').sort();
console.log(JSON.stringify(out));
`;
  await writeFile(join(project, 'entries.mjs'), body);
  return JSON.parse(await sh('node', ['entries.mjs'], project));
}

/** The export names of each entry point, loaded by node from a CommonJS file. */
export async function cjsExports(project: string, entries: string[]): Promise<Record<string, string[]>> {
  const body = `const out = {};
for (const spec of ${JSON.stringify(entries)}) out[spec] = Object.keys(require(spec)).filter((k) => k !== 'default' && k !== '__esModule').sort();
console.log(JSON.stringify(out));
`;
  await writeFile(join(project, 'entries.cjs'), body);
  return JSON.parse(await sh('node', ['entries.cjs'], project));
}

/**
 * Type-checks an ESM (.mts) and a CommonJS (.cts) file that import every entry point and touch every
 * export, with `strict`, no `skipLibCheck`, the default lib of ES2022 and no ambient types: the shipped
 * declarations must compile with nothing but the installed packages. Returns tsc's diagnostics.
 * `types` lists ambient type packages to include: `node` for a package's Node-only entry (`…/node`).
 */
export async function typecheck(project: string, entries: string[], types: string[] = []): Promise<string> {
  const names = entries.map((_, i) => `m${i}`);
  const touch = `export const exportCount: number = [${names.join(', ')}].reduce((n, m) => n + Object.keys(m).length, 0);\n`;
  const esm = entries.map((e, i) => `import * as m${i} from '${e}';`).join('\n');
  const cjs = entries.map((e, i) => `import m${i} = require('${e}');`).join('\n');
  await writeFile(join(project, 'check.mts'), `${esm}\n${touch}`);
  await writeFile(join(project, 'check.cts'), `${cjs}\n${touch}`);
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        skipLibCheck: false,
        types,
        noEmit: true,
      },
      files: ['check.mts', 'check.cts'],
    }),
  );
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  try {
    await sh('node', [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], project);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** The problems @arethetypeswrong/cli finds in a tarball for node16 (ESM and CJS) and bundlers. */
export async function typesWrong(tarball: string): Promise<string[]> {
  const attw = join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js');
  let out: string;
  try {
    out = await sh('node', [attw, tarball, '--profile', 'node16', '--format', 'json'], repoRoot);
  } catch (e) {
    // attw exits 1 when it finds problems; its JSON report is in the message's stdout part
    const msg = (e as Error).message;
    out = msg.slice(msg.indexOf('{'), msg.lastIndexOf('}') + 1);
  }
  // problems grouped by kind; node10 resolution (TypeScript's old `moduleResolution: "node"`, which does
  // not read `exports`) cannot find subpath entries without a typesVersions fallback: left out, as the
  // node16 profile does in attw's own report (tooling/packaging/README.md)
  type Problem = { kind: string; entrypoint?: string; resolutionKind?: string };
  const report = JSON.parse(out) as { problems?: Record<string, Problem[]> };
  return Object.values(report.problems ?? {})
    .flat()
    .filter((p) => p.resolutionKind !== 'node10')
    .map((p) => `${p.kind} ${p.entrypoint ?? ''} ${p.resolutionKind ?? ''}`.trim());
}
