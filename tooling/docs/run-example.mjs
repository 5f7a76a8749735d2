// `pnpm example <name>`: runs examples/<name>.ts from the sources (the `development` export condition).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const name = process.argv[2];
const names = readdirSync(new URL('examples/', `file://${root}`)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!name || !existsSync(`${root}examples/${name}.ts`)) {
  console.error(`usage: pnpm example <name>, one of: ${names.join(', ')}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', `examples/${name}.ts`, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
